/**
 * SVG to PNG on the server (resvg, a Rust renderer shipped as a prebuilt Node addon): Slack shows
 * images, not SVG. Text uses the machine's fonts (DejaVu or Liberation on Debian; the Docker image
 * installs DejaVu), so labels render wherever the bot runs.
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
