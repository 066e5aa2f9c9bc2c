/**
 * Demo-only routes behind the Outlook workbench (register only in demo mode, next to devRoutes):
 * - `GET /dev/workbench/outlook/taskpane` — the built task pane (dist/taskpane.html) with Microsoft's CDN office.js
 *   replaced by the stand-in below; the workbench frames this URL. Production Outlook loads /taskpane unchanged.
 * - `GET /dev/workbench/office-standin.js` — the Office.js stand-in (office-standin.js in this folder).
 * - `GET /dev/workbench/outlook/mailbox?user=<upn>&top=<n>` — the demo user's newest Inbox messages, as Outlook would
 *   list them (the browser cannot call the Graph simulator: its certificate is trusted only by the app's Graph client).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevTenant } from '../dev-tenant';

export interface OutlookWorkbenchRoutesOptions {
  devTenant: DevTenant;
  /** The webpack output folder (config.distDir). */
  distDir: string;
}

/** One Inbox message of the workbench's list. `id` is the Graph (REST) id; the workbench gives Office its EWS form. */
export interface WorkbenchMessage {
  id: string;
  subject: string;
  from: { name: string; address: string };
  receivedAt: string;
  internetMessageId: string;
  conversationId: string;
  categories: string[];
  isRead: boolean;
  bodyText: string;
}

export const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const OFFICE_STANDIN_PATH = '/dev/workbench/office-standin.js';

const TASKPANE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

function problem(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, code });
}

/** Registers the Outlook workbench's routes. */
export async function outlookWorkbenchRoutes(app: FastifyInstance, options: OutlookWorkbenchRoutesOptions): Promise<void> {
  const standinFile = path.join(__dirname, 'office-standin.js');

  app.get(OFFICE_STANDIN_PATH, { config: { public: true } }, async (_request, reply) => {
    const script = await readFile(standinFile, 'utf8');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script);
  });

  app.get('/dev/workbench/outlook/taskpane', { config: { page: true, public: true } }, async (_request, reply) => {
    let html: string;
    try {
      html = await readFile(path.join(options.distDir, 'taskpane.html'), 'utf8');
    } catch {
      return problem(reply, 503, 'not_built', 'Not built', 'The task pane has not been built; run `npm run build` (npm start does it).');
    }
    if (!html.includes(OFFICE_JS_CDN_URL)) {
      return problem(reply, 500, 'office_js_missing', 'Unexpected page', 'taskpane.html does not load office.js from the CDN; the stand-in cannot replace it.');
    }
    return reply
      .header('content-security-policy', TASKPANE_CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html.replace(OFFICE_JS_CDN_URL, OFFICE_STANDIN_PATH));
  });

  app.get('/dev/workbench/outlook/mailbox', { config: { public: true } }, async (request, reply) => {
    const query = request.query as { user?: string; top?: string };
    const { org } = options.devTenant;
    const user = query.user ? org.userByIdOrUpn(query.user) : undefined;
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${query.user ?? ''}'.`);
    const top = Math.min(Math.max(Number(query.top ?? 40) || 40, 1), 200);
    // Newest received first, as Outlook lists them (the folder itself is kept in change order for delta).
    const inbox = org.folder(user.index, 'inbox').filter((m) => !m.deleted).sort((a, b) => b.mail.sentMs - a.mail.sentMs || b.number - a.number);
    const messages: WorkbenchMessage[] = inbox
      .slice(0, top)
      .map((m) => ({
        id: org.ids.messageId(m.number),
        subject: m.mail.subject,
        from: m.mail.from,
        receivedAt: new Date(m.mail.sentMs).toISOString(),
        internetMessageId: m.mail.internetMessageId,
        conversationId: m.mail.conversationId,
        categories: [...m.categories],
        isRead: m.isRead,
        bodyText: m.mail.bodyText,
      }));
    return reply.header('cache-control', 'no-store').send({
      user: { id: user.id, displayName: user.displayName, mail: user.mail, userPrincipalName: user.userPrincipalName, timeZone: user.timeZoneName },
      messages,
    });
  });
}
