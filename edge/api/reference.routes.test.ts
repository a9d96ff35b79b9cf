/**
 * `GET /api/docs` in workerd: the page names only its own files, every one of them is served by
 * the Worker (the package's two from the static assets), and the page's CSP allows nothing from
 * elsewhere. That the browser renders the operations is e2e/browser/api-reference.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { REFERENCE_CSP, SWAGGER_UI_VERSION } from '../../contract/api-reference';
import { edgeFetch } from '../../test/edge/edge-fetch';
import { PAGE_CSP } from '../gateway/security-headers';

describe('GET /api/docs', () => {
  it('is the reference page over /api/openapi.json, under a CSP that allows nothing from elsewhere', async () => {
    const res = await edgeFetch('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(REFERENCE_CSP);
    expect(REFERENCE_CSP).not.toBe(PAGE_CSP);
    expect(REFERENCE_CSP).not.toMatch(/https?:|\*/);
    const html = await res.text();
    expect(html).toContain('data-openapi="/api/openapi.json"');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    const assets = sources.filter((s) => s.startsWith(`/api/docs/assets/${SWAGGER_UI_VERSION}/`));
    expect(assets.sort()).toEqual(
      ['reference.js', 'swagger-ui-bundle.js', 'swagger-ui.css'].map(
        (f) => `/api/docs/assets/${SWAGGER_UI_VERSION}/${f}`,
      ),
    );
    expect(sources.filter((s) => !assets.includes(s))).toEqual(['data:,', '/api/openapi.json']);
  });

  it('serves each of the page’s files, cacheable for a year', async () => {
    const expected = {
      'swagger-ui-bundle.js': [/^text\/javascript/, 'SwaggerUIBundle'],
      'swagger-ui.css': [/^text\/css/, '.swagger-ui'],
      'reference.js': [/^text\/javascript/, 'SwaggerUIBundle({'],
    } as const;
    for (const [file, [type, marker]] of Object.entries(expected)) {
      const res = await edgeFetch(`/api/docs/assets/${SWAGGER_UI_VERSION}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(type);
      expect(res.headers.get('cache-control'), file).toContain('immutable');
      const text = await res.text();
      expect(text.length, file).toBeGreaterThan(file === 'reference.js' ? 100 : 100_000);
      expect(text, file).toContain(marker);
    }
  });

  it('serves no other file of the package, nor any version but the installed one', async () => {
    for (const path of [
      `/api/docs/assets/${SWAGGER_UI_VERSION}/index.html`,
      `/api/docs/assets/${SWAGGER_UI_VERSION}/package.json`,
      `/api/docs/assets/${SWAGGER_UI_VERSION}/swagger-initializer.js`,
      '/api/docs/assets/0.0.0/swagger-ui.css',
      '/swagger-ui.css',
      '/index.html',
    ]) {
      const res = await edgeFetch(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found');
    }
  });
});
