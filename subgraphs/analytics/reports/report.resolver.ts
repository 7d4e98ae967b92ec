import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { OperatorIdentity } from '../../../kernel/auth';
import type { AnalyticsContext } from '../context';
import { ExportFile, ReportKind, ReportLink } from './report.types';

@Resolver()
export class ReportResolver {
  @Query(() => [ReportLink], { description: "The company's permanent report links, newest first; revoked ones are gone (VIEW_REPORTS)" })
  reportLinks(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: AnalyticsContext): Promise<ReportLink[]> {
    return ctx.services.reports.links(companyId);
  }

  @Mutation(() => ReportLink, {
    description:
      'A permanent link to one report of this company, for automated systems: GET <url>?from=YYYY-MM-DD&to=YYYY-MM-DD (local days, both included) returns the workbook without signing in. The url holds the token: it is shown now only (VIEW_REPORTS; recorded in the audit log)',
  })
  createReportLink(@Arg('companyId', () => ID) companyId: string, @Arg('kind', () => ReportKind) kind: ReportKind, @Ctx() ctx: AnalyticsContext): Promise<ReportLink> {
    return ctx.services.reports.createLink(ctx.identity as OperatorIdentity, companyId, kind);
  }

  @Mutation(() => Boolean, { description: 'Revokes a report link at once (VIEW_REPORTS in its company; recorded in the audit log)' })
  revokeReportLink(@Arg('id', () => ID) id: string, @Ctx() ctx: AnalyticsContext): Promise<boolean> {
    return ctx.services.reports.revoke(ctx.identity as OperatorIdentity, id);
  }

  @Mutation(() => ExportFile, {
    description: 'A one-off download of a report over [from, to), good for an hour; withTimes: dialogs and phrases carry the time of each message (VIEW_REPORTS)',
  })
  exportReport(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('kind', () => ReportKind) kind: ReportKind,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('withTimes', () => Boolean, { nullable: true }) withTimes: boolean | null,
    @Ctx() ctx: AnalyticsContext,
  ): ExportFile {
    return ctx.services.reports.exportFile(companyId, kind, from, to, withTimes);
  }
}
