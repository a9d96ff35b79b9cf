/**
 * A human-readable API reference rendered on the server from the OpenAPI document: no script,
 * no CDN, so it works offline and behind strict CSPs.
 */
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string }>;
}
interface Document {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

export function renderDocsPage(doc: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => `${p.name}${p.required ? '' : '?'} <small>(${p.in})</small>`);
      const ref = Object.values(op.requestBody?.content ?? {})[0]
        ?.schema?.$ref?.split('/')
        .pop();
      const statuses = Object.keys(op.responses ?? {}).join(' ');
      const row = `<tr><td><code class="m ${method}">${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td>
        <td>${esc(op.summary ?? '')}${params.length ? `<br><small>params: ${params.join(', ')}</small>` : ''}${
          ref ? `<br><small>body: ${esc(ref)}</small>` : ''
        }</td><td><small>${statuses}</small></td></tr>`;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }
  }
  const sections = [...byTag].map(([tag, rows]) => `<h2>${esc(tag)}</h2><table>${rows.join('')}</table>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #eee;padding:.4rem;vertical-align:top}
.m{font-weight:700}.get{color:#0a7}.post{color:#07c}.put,.patch{color:#c70}.delete{color:#c22}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`;
}
