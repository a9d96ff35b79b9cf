import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePage, SWAGGER_UI_VERSION } from './api-reference';

describe('the API reference page', () => {
  it('names the swagger-ui-dist version that is installed, so its asset paths change with it', () => {
    const installed = JSON.parse(readFileSync('node_modules/swagger-ui-dist/package.json', 'utf8')).version;
    const pinned = JSON.parse(readFileSync('package.json', 'utf8')).dependencies['swagger-ui-dist'];
    expect(SWAGGER_UI_VERSION).toBe(installed);
    expect(SWAGGER_UI_VERSION).toBe(pinned);
  });

  it('has no inline script or style and escapes what it is given', () => {
    const html = referencePage({ title: 'A <b> "shop"', documentUrl: '/x.json?a="1"', assetBase: '/a/1' });
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toContain('<title>A &lt;b&gt; &quot;shop&quot;</title>');
    expect(html).toContain('data-openapi="/x.json?a=&quot;1&quot;"');
  });
});
