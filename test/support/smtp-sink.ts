import { SMTPServer } from 'smtp-server';
import { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The decoded plain-text part. */
  text: string;
  raw: string;
}

/** Decodes the parts nodemailer writes for a plain-text mail (quoted-printable or base64). */
function decodeBody(raw: string): { subject: string; text: string } {
  const [head, ...bodyParts] = raw.split(/\r?\n\r?\n/);
  const body = bodyParts.join('\n\n');
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') {
    text = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  } else if (encoding === 'base64') {
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { subject, text };
}

/** A real SMTP server on a free port that keeps what it receives, for tests to read back. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private readonly waiters: { match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];

  private readonly server: SMTPServer;

  /** `login`: the server requires these credentials (plain AUTH, as a company's own server would). */
  constructor(login?: { user: string; pass: string }) {
    this.server = this.create(login);
  }

  private create(login?: { user: string; pass: string }): SMTPServer {
    return new SMTPServer({
      authOptional: !login,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        login && auth.username === login.user && auth.password === login.pass ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password')),
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw, ...decodeBody(raw) };
          this.mails.push(mail);
          for (const waiter of [...this.waiters]) {
            if (waiter.match(mail)) {
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              waiter.resolve(mail);
            }
          }
          callback();
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** The next (or an already received) mail to the address that matches. */
  waitFor(to: string, match: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 10000): Promise<ReceivedMail> {
    const test = (mail: ReceivedMail) => mail.to.includes(to) && match(mail);
    const existing = this.mails.find(test);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match: test, resolve: (mail) => (clearTimeout(timer), resolve(mail)) });
    });
  }

  mailsTo(to: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to.includes(to));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The `token` query parameter of the first link in a mail (core.graphql: links carry their secret so). */
export function tokenFromMail(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  const token = link && new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token link in mail: ${mail.text}`);
  return token;
}
