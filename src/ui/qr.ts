/** QR codes as inline SVG (the `qrcode` package), dark on white whatever the theme. */
import QRCode from 'qrcode';

/** An SVG QR code of `text`; medium error correction survives a projector's glare. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
