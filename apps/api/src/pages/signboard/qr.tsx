/**
 * A signboard's QR code as inline SVG. The `qrcode` library encodes the URL (segments, error
 * correction, masking); this module only draws its module matrix — one `<path>` of dark runs per row,
 * with the four-module quiet zone the standard asks for — as JSX, so nothing is inserted unescaped.
 * Error correction level M: a printed board outdoors gets dirty and scratched.
 */
import QRCode from "qrcode"

const quiet = 4

/** The path of the dark modules: one `M x y h n v1 h-n z` rectangle per run of dark modules in a row. */
export const qrPath = (text: string): { readonly size: number; readonly d: string } => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" })
  const parts: Array<string> = []
  for (let row = 0; row < modules.size; row++) {
    let col = 0
    while (col < modules.size) {
      if (modules.get(row, col) === 0) {
        col++
        continue
      }
      const start = col
      while (col < modules.size && modules.get(row, col) !== 0) col++
      parts.push(`M${start + quiet} ${row + quiet}h${col - start}v1h${start - col}z`)
    }
  }
  return { size: modules.size + 2 * quiet, d: parts.join("") }
}

export const QrCode = (props: { readonly url: string; readonly label: string }) => {
  const { size, d } = qrPath(props.url)
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  )
}
