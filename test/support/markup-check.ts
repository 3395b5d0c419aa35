/**
 * Test helper: the one definition of "safe" for rendered message HTML, checked with a real
 * HTML parser (htmlparser2, which sanitize-html itself uses) and not only by regex.
 */
import { Parser } from 'htmlparser2';

const ALLOWED: Record<string, readonly string[]> = { a: ['href', 'rel', 'target'], br: [] };

/** Every problem found in `html`: elements or attributes outside the allowlist, non-http(s) links. */
export function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const allowed = ALLOWED[name];
        if (!allowed) return void problems.push(`element <${name}>`);
        for (const [attr, value] of Object.entries(attrs)) {
          if (!allowed.includes(attr)) problems.push(`attribute ${attr} on <${name}>`);
          if (attr === 'href') {
            let scheme = '';
            try {
              scheme = new URL(value).protocol;
            } catch {
              scheme = 'unparsable';
            }
            if (scheme !== 'http:' && scheme !== 'https:') problems.push(`href scheme ${scheme} (${value})`);
          }
          if (attr === 'rel' && value !== 'nofollow ugc noopener noreferrer') problems.push(`rel="${value}"`);
          if (attr === 'target' && value !== '_blank') problems.push(`target="${value}"`);
        }
      },
      oncomment: () => void problems.push('comment'),
      onprocessinginstruction: (name) => void problems.push(`processing instruction ${name}`),
      oncdatastart: () => void problems.push('cdata'),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}
