/* eslint-disable no-control-regex -- dropping control characters is what the escape does */

/**
 * The printable pages' HTML: every value escaped, one shell with the national motto header, laid out for A4
 * (or A5, `forPaper`) with `@page`, UTF-8, no external asset (styles inline, images as inline SVG), accessible markup (`lang="vi"`,
 * one h1, table headers with scope).
 */

/** A piece of HTML that is already safe (built by these helpers); anything else is text and gets escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: markup characters escaped, control characters (NUL included) dropped, tabs and breaks kept as spaces. */
export function escapeHtml(text: string): string {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** A template tag: the literal parts are markup, every interpolated value is escaped unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

const STYLE = `
@page { size: A4; margin: 15mm 18mm 15mm 22mm; }
* { box-sizing: border-box; }
html { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.4; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 180mm; padding: 6mm 0; overflow-wrap: anywhere; word-break: break-word; }
.head { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
.head td { vertical-align: top; text-align: center; padding: 0; }
.head td:first-child { width: 42%; padding-right: 3mm; }
.head td:last-child { width: 58%; }
.head .org { text-transform: uppercase; font-size: 12pt; }
.head .unit { font-weight: bold; text-transform: uppercase; font-size: 12pt; }
.head .motto1 { font-weight: bold; font-size: 12pt; white-space: nowrap; }
.head .motto2 { font-weight: bold; font-size: 13pt; }
.rule { display: block; width: 40%; margin: 1mm auto 2mm; border-top: 1px solid #000; }
.place { font-style: italic; margin-top: 1mm; }
h1 { text-align: center; font-size: 14pt; margin: 6mm 0 1mm; text-transform: uppercase; }
.subtitle { text-align: center; margin: 0 0 4mm; font-weight: bold; }
h2 { font-size: 13pt; margin: 3mm 0 1mm; }
ol.content { padding-left: 6mm; margin: 2mm 0; }
ol.content > li { margin: 1mm 0; }
dl.fields { margin: 2mm 0; display: grid; grid-template-columns: max-content 1fr; column-gap: 3mm; row-gap: 0.5mm; }
dl.fields dt { font-weight: normal; }
dl.fields dd { margin: 0; font-weight: bold; }
table.grid { width: 100%; border-collapse: collapse; margin: 2mm 0; font-size: 12pt; }
table.grid th, table.grid td { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; text-align: left; }
table.grid th { text-align: center; font-weight: bold; }
table.grid td.n { text-align: center; width: 10mm; }
table.grid td.code { white-space: nowrap; overflow-wrap: normal; word-break: normal; font-size: 10pt; }
table.grid td.t { white-space: nowrap; overflow-wrap: normal; word-break: normal; }
.notice { border: 1px solid #000; padding: 2mm 3mm; margin: 3mm 0; }
.pin { font-size: 16pt; font-weight: bold; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
.qr { float: right; width: 32mm; margin: 0 0 2mm 4mm; text-align: center; font-size: 10pt; }
.qr svg { width: 32mm; height: 32mm; display: block; }
.signs { width: 100%; border-collapse: collapse; margin-top: 8mm; page-break-inside: avoid; }
.signs td { width: 50%; text-align: center; vertical-align: top; padding: 0; }
.signs .space { height: 20mm; }
.signs .role { font-weight: bold; text-transform: uppercase; }
.signs .how { font-style: italic; font-size: 11pt; }
.foot { font-size: 10pt; font-style: italic; margin-top: 4mm; }
@media screen { body { padding: 10mm; } }
.print-bar { text-align: right; margin: 0 0 4mm; }
.print-bar button { font: inherit; font-size: 12pt; padding: 2mm 6mm; cursor: pointer; }
@media print { .print-bar { display: none; } }
`;

/** The paper sizes the forms are laid out for: A4 (the default) and A5, as the desks print them. */
export const PAPER_SIZES = ['a4', 'a5'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** A5 (148 × 210 mm): the same layout with narrower margins and smaller type, as a later stylesheet that wins. */
const A5_STYLE = `
@page { size: A5; margin: 9mm 9mm 9mm 12mm; }
html { font-size: 10pt; }
body { max-width: 127mm; padding: 3mm 0; }
.head .org, .head .unit, .head .motto1 { font-size: 9pt; }
.head .motto2, h2 { font-size: 10pt; }
h1 { font-size: 11pt; margin: 4mm 0 1mm; }
table.grid { font-size: 9pt; }
table.grid td.code { font-size: 8pt; }
.pin { font-size: 13pt; }
.qr, .qr svg { width: 26mm; }
.qr svg { height: 26mm; }
.signs { margin-top: 5mm; }
.signs .space { height: 14mm; }
.foot, .signs .how { font-size: 8pt; }
`;

/** A whole page laid out for the paper asked for (A4 as built; A5 adds its stylesheet after the first). */
export function forPaper(pageHtml: string, paper: PaperSize): string {
  return paper === 'a4' ? pageHtml : pageHtml.replace('</head>', `<style>${A5_STYLE}</style>\n</head>`);
}

export interface PageHead {
  /** The organisation above the issuing unit (`Trung tâm Phục vụ hành chính công thành phố Hà Nội`). */
  organisation: string;
  /** The issuing unit (the branch, reception point or competent authority). */
  unit: string;
  /** `Số: …` when the form has a number. */
  number?: string;
  /** `Hà Nội, ngày … tháng … năm …` */
  placeAndDate: string;
}

/**
 * The print button's script (the Content-Security-Policy allows scripts of this origin only, never inline ones):
 * served at /print/print.js.
 */
export const PRINT_SCRIPT = "document.getElementById('print-now')?.addEventListener('click', () => window.print());\n";

/** A whole printable page: the national motto header, the form's title, its content; a print button on screen. */
export function page(opts: { title: string; formNumber: string; head: PageHead; subtitle?: Part; body: Html }): string {
  const { head } = opts;
  return `<!DOCTYPE html>${html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<style>${new Html(STYLE)}</style>
<script src="/print/print.js" defer></script>
</head>
<body>
<p class="print-bar"><button type="button" id="print-now">In trang này</button></p>
<header>
<p class="foot" style="text-align:right;margin:0">${opts.formNumber}</p>
<table class="head" role="presentation">
<tr>
<td><div class="org">${head.organisation}</div><div class="unit">${head.unit}</div><span class="rule"></span>${head.number ? html`<div>Số: ${head.number}</div>` : ''}</td>
<td><div class="motto1">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto2">Độc lập - Tự do - Hạnh phúc</div><span class="rule"></span><div class="place">${head.placeAndDate}</div></td>
</tr>
</table>
</header>
<main>
<h1>${opts.title}</h1>
${opts.subtitle ? html`<p class="subtitle">${opts.subtitle}</p>` : ''}
${opts.body}
</main>
</body>
</html>
`}`;
}

/** The signature blocks at the foot of a form. */
export function signatures(...blocks: ({ role: string; how: string; name?: string } | null)[]): Html {
  return html`<table class="signs" role="presentation"><tr>${blocks.map((b) =>
    b ? html`<td><div class="role">${b.role}</div><div class="how">(${b.how})</div><div class="space"></div>${b.name ? html`<div>${b.name}</div>` : ''}</td>` : html`<td></td>`,
  )}</tr></table>`;
}
