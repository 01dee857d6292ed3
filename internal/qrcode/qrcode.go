// Package qrcode draws the QR codes kopilka prints: SVG for pages, PNG to
// download, and the module matrix for PDFs. It uses rsc.io/qr — the
// encoder Hugo itself uses — at error correction level M, which survives
// a scuffed poster while keeping the code small.
package qrcode

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"strconv"
	"sync"

	"rsc.io/qr"
)

// Quiet is the white margin around a code, in modules, as the standard asks.
const Quiet = 4

// Code is an encoded QR code.
type Code struct {
	Text string
	code *qr.Code
}

// Encode encodes text.
func Encode(text string) (*Code, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("qr code for %q: %w", text, err)
	}
	return &Code{Text: text, code: c}, nil
}

// Size is the number of modules on a side, without the quiet zone.
func (c *Code) Size() int { return c.code.Size }

// Black reports whether the module at column x, row y is dark.
func (c *Code) Black(x, y int) bool { return c.code.Black(x, y) }

// Runs calls f for every horizontal run of dark modules: row y, from
// column x, n modules long. Drawing runs instead of single modules keeps
// SVGs and PDFs several times smaller.
func (c *Code) Runs(f func(y, x, n int)) {
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); {
			if !c.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < c.Size() && c.Black(x, y) {
				x++
			}
			f(y, start, x-start)
		}
	}
}

// SVG returns the code as a scalable image with its quiet zone, one path
// of merged runs, with the encoded text as its accessible title.
func (c *Code) SVG(title string) []byte {
	total := c.Size() + 2*Quiet
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img">`, total, total)
	b.WriteString("<title>")
	escape(&b, title)
	b.WriteString("</title>")
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, total, total)
	c.Runs(func(y, x, n int) {
		b.WriteString("M")
		b.WriteString(strconv.Itoa(x + Quiet))
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(y + Quiet))
		b.WriteString("h")
		b.WriteString(strconv.Itoa(n))
		b.WriteString("v1h-")
		b.WriteString(strconv.Itoa(n))
		b.WriteString("z")
	})
	b.WriteString(`"/></svg>`)
	return b.Bytes()
}

func escape(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}

// Image returns the code as an image, scale pixels a module, with its
// quiet zone.
func (c *Code) Image(scale int) image.Image {
	total := (c.Size() + 2*Quiet) * scale
	// two colours in a palette: the PNG is written one bit a pixel, eight
	// times less to filter and compress than grey
	img := image.NewPaletted(image.Rect(0, 0, total, total), color.Palette{color.Gray{Y: 0xFF}, color.Gray{}})
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if !c.Black(x, y) {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				row := img.Pix[((y+Quiet)*scale+dy)*img.Stride:]
				for dx := 0; dx < scale; dx++ {
					row[(x+Quiet)*scale+dx] = 1
				}
			}
		}
	}
	return img
}

// PNG returns the code as a PNG, scale pixels a module: grey one bit a
// pixel, written directly. image/png asks a paletted image for each
// pixel's index through an interface, which made drawing the codes of a
// whole site take seconds; here each module row is packed once and
// repeated scale times.
func (c *Code) PNG(scale int) ([]byte, error) {
	if scale < 1 {
		return nil, fmt.Errorf("qr png: scale %d", scale)
	}
	total := (c.Size() + 2*Quiet) * scale
	rowBytes := 1 + (total+7)/8 // the filter byte, then the pixels
	raw := make([]byte, 0, rowBytes*total)
	row := make([]byte, rowBytes)
	for y := -Quiet; y < c.Size()+Quiet; y++ {
		for i := range row {
			row[i] = 0xFF // white; row[0] = filter "none" is set below
		}
		row[0] = 0
		for x := 0; x < c.Size(); x++ {
			if y < 0 || y >= c.Size() || !c.Black(x, y) {
				continue
			}
			for dx := 0; dx < scale; dx++ {
				px := (x+Quiet)*scale + dx
				row[1+px/8] &^= 0x80 >> (px % 8)
			}
		}
		for dy := 0; dy < scale; dy++ {
			raw = append(raw, row...)
		}
	}
	var idat bytes.Buffer
	zw, _ := compressors.Get().(*zlib.Writer)
	if zw == nil {
		// two colours compress well at any level; the fastest costs a tenth
		var err error
		if zw, err = zlib.NewWriterLevel(&idat, zlib.BestSpeed); err != nil {
			return nil, fmt.Errorf("qr png: %w", err)
		}
	} else {
		zw.Reset(&idat)
	}
	defer compressors.Put(zw)
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("qr png: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("qr png: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(total))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(total))
	ihdr[8], ihdr[9] = 1, 0 // one bit a pixel, greyscale; no compression, filter or interlace flags
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IDAT", idat.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes(), nil
}

// compressors keeps zlib writers between images: making one costs a
// megabyte and more time than compressing a code. A sync.Pool is safe to
// share.
var compressors sync.Pool

// chunk writes a PNG chunk: length, type, data and the CRC of type and data.
func chunk(b *bytes.Buffer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	b.WriteString(kind)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
