import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { hashSecretToken, type OperatorIdentity, signPayload, verifyPayload } from '../../../kernel/auth';
import type { Reader } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import { requireCompanyAccess } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import { timeZoneOf } from '../../accounts/reads';
import { appendDurable } from '../../events';
import { nextDay, startOfLocalDay } from '../../../kernel/local-time';
import { checkPeriod } from '../statistics/statistics.service';
import type { ReportRequest } from './report-kinds';
import { ReportLinkEntity } from './report-link.entity';
import { type ExportFile, ReportKind, type ReportLink } from './report.types';

const EXPORT_PURPOSE = 'report-export';
const EXPORT_SECONDS = 3600;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What a one-off export link carries, signed: company, kind, period, "with times", expiry. */
interface ExportGrant {
  c: string;
  k: ReportKind;
  f: number;
  t: number;
  w: boolean;
  exp: number;
}

/**
 * Report links (seed 004 Exports): permanent links for automated systems, one company and one kind
 * each, revocable, their token (192 random bits after the link's id) stored only as a hash; and
 * one-off export links for signed-in users, signed and good for an hour.
 */
export class ReportService {
  private readonly publicUrl: string;

  constructor(private readonly runtime: Runtime) {
    this.publicUrl = runtime.config.publicUrl.replace(/\/$/, '');
  }

  async createLink(identity: OperatorIdentity, companyId: string, kind: ReportKind): Promise<ReportLink> {
    checkKind(kind);
    const id = randomUUID();
    const token = `${id}.${randomBytes(24).toString('base64url')}`;
    const createdAt = new Date();
    await this.runtime.db.transaction(async (m) => {
      await m.insert(ReportLinkEntity, { id, companyId, kind, tokenHash: hashSecretToken(token), createdBy: identity.userId, createdAt, revokedAt: null });
      await appendDurable(m, [
        { event: { type: 'report-link.changed', companyId, linkId: id, kind, change: 'CREATED', actorId: identity.userId, ip: identity.ip ?? null }, companyId, streamId: id },
      ]);
    });
    return { id, kind, url: `${this.publicUrl}/reports/${token}`, createdAt };
  }

  /** The company's live links; their tokens were shown once, so the urls here end in a mask. */
  async links(companyId: string): Promise<ReportLink[]> {
    const rows = await this.runtime.db.manager.find(ReportLinkEntity, { where: { companyId, revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((row) => ({ id: row.id, kind: row.kind as ReportKind, url: `${this.publicUrl}/reports/${row.id}.…`, createdAt: row.createdAt }));
  }

  /** Revokes at once; a link of another company is NOT_FOUND. Revoking twice changes nothing. */
  async revoke(identity: OperatorIdentity, rawId: string): Promise<boolean> {
    const id = typeof rawId === 'string' ? rawId.toLowerCase() : '';
    return this.runtime.db.transaction(async (m) => {
      const link = /^[0-9a-f-]{36}$/.test(id) ? await m.findOneBy(ReportLinkEntity, { id }) : null;
      requireCompanyAccess(identity, link?.companyId ?? '', 'Report link', 'VIEW_REPORTS');
      if (link!.revokedAt) return true;
      await m.update(ReportLinkEntity, { id }, { revokedAt: new Date() });
      await appendDurable(m, [
        {
          event: { type: 'report-link.changed', companyId: link!.companyId, linkId: id, kind: link!.kind, change: 'REVOKED', actorId: identity.userId, ip: identity.ip ?? null },
          companyId: link!.companyId,
          streamId: id,
        },
      ]);
      return true;
    });
  }

  exportFile(companyId: string, kind: ReportKind, from: Date, to: Date, withTimes: boolean | null | undefined): ExportFile {
    checkKind(kind);
    checkPeriod(from, to);
    const exp = Math.floor(Date.now() / 1000) + EXPORT_SECONDS;
    const grant: ExportGrant = { c: companyId, k: kind, f: from.getTime(), t: to.getTime(), w: withTimes === true, exp };
    return { url: `${this.publicUrl}/exports/${signPayload(grant, this.runtime.config.secret, EXPORT_PURPOSE)}`, expiresAt: new Date(exp * 1000) };
  }
}

function checkKind(kind: ReportKind): void {
  if (!Object.values(ReportKind).includes(kind)) throw badInput('kind', 'kind must be a ReportKind');
}

/** Why a download is refused: the link is no good (unknown, revoked, tampered, expired: all alike), or the period is malformed. */
export type DownloadRefusal = { refused: 'LINK' } | { refused: 'PERIOD'; message: string };

/** A permanent link's download: its company and kind, over local days [from, to] (both included). */
export async function reportOfLink(db: Reader, publicUrl: string, token: string, fromDay: string | null, toDay: string | null): Promise<ReportRequest | DownloadRefusal> {
  const link = token.length <= 128 ? await db.manager.findOneBy(ReportLinkEntity, { tokenHash: hashSecretToken(token) }) : null;
  if (!link || link.revokedAt) return { refused: 'LINK' };
  if (!fromDay || !toDay || !DAY.test(fromDay) || !DAY.test(toDay) || Number.isNaN(Date.parse(fromDay)) || Number.isNaN(Date.parse(toDay)))
    return { refused: 'PERIOD', message: 'from and to must be days, YYYY-MM-DD' };
  const timeZone = await timeZoneOf(db, link.companyId);
  const from = new Date(startOfLocalDay(fromDay, timeZone));
  const to = new Date(startOfLocalDay(nextDay(toDay), timeZone));
  try {
    checkPeriod(from, to);
  } catch (error) {
    return { refused: 'PERIOD', message: (error as Error).message };
  }
  return { companyId: link.companyId, kind: link.kind as ReportKind, from, to, withTimes: false, timeZone, publicUrl };
}

/** A one-off export's download, while its signature holds and it has not expired. */
export async function reportOfExport(db: Reader, publicUrl: string, secret: string, signed: string): Promise<ReportRequest | DownloadRefusal> {
  const grant = verifyPayload<ExportGrant>(signed, secret, EXPORT_PURPOSE);
  if (!grant || !Object.values(ReportKind).includes(grant.k)) return { refused: 'LINK' };
  return { companyId: grant.c, kind: grant.k, from: new Date(grant.f), to: new Date(grant.t), withTimes: grant.w, timeZone: await timeZoneOf(db, grant.c), publicUrl };
}
