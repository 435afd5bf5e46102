import QRCode from 'qrcode';
import { Html } from './html';

/**
 * A QR code as inline SVG (no image request, no external asset), with a text alternative. Medium error
 * correction: a receipt is handled and folded.
 */
export async function qrSvg(text: string, label: string): Promise<Html> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  // The library's SVG is ours (built from the URL, which it encodes as modules, not as text); it gets a role and a name.
  const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${label.replace(/[&<>"']/g, '')}" `);
  return new Html(labelled);
}
