package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
)

// Delimiter separates the routing identities from the signed message parts.
const Delimiter = "<IDS|MSG>"

var delimiter = []byte(Delimiter)

// ErrSignature is wrapped by the error Decode returns for a message whose
// signature is missing or does not match the key.
var ErrSignature = errors.New("wire: bad message signature")

// Codec encodes messages to ZeroMQ frames and decodes them back, signing with
// HMAC-SHA256 under the connection key. It is safe for concurrent use.
type Codec struct {
	key  []byte
	macs sync.Pool // of hash.Hash, reused across messages
}

// NewCodec returns a codec signing with key; an empty key disables signing
// (and verification), as Jupyter specifies.
func NewCodec(key []byte) *Codec {
	c := &Codec{key: bytes.Clone(key)}
	c.macs.New = func() any { return hmac.New(sha256.New, c.key) }
	return c
}

// sign appends the hex HMAC of the four signed parts to dst.
func (c *Codec) sign(dst []byte, parts ...[]byte) []byte {
	mac := c.macs.Get().(hash.Hash)
	mac.Reset()
	for _, p := range parts {
		mac.Write(p)
	}
	var sum [sha256.Size]byte
	dst = hex.AppendEncode(dst, mac.Sum(sum[:0]))
	c.macs.Put(mac)
	return dst
}

// Encode returns the frames of m, identities first. The header is marshaled
// from m.Header; empty parent_header and metadata are sent as "{}".
func (c *Codec) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(&m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encoding header: %w", err)
	}
	parent, metadata, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	var sig []byte
	if len(c.key) > 0 {
		sig = c.sign(make([]byte, 0, 2*sha256.Size), header, parent, metadata, content)
	}
	frames = append(frames, delimiter, sig, header, parent, metadata, content)
	return append(frames, m.Buffers...), nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return emptyObject
	}
	return b
}

// Decode parses frames into a message, verifying the signature in constant
// time. A missing or wrong signature returns an error wrapping ErrSignature;
// malformed frames return a descriptive error. The message's JSON parts are
// checked to be valid JSON, and the header must name a msg_type.
func (c *Codec) Decode(frames [][]byte) (*Message, error) {
	d := -1
	for i, f := range frames {
		if bytes.Equal(f, delimiter) {
			d = i
			break
		}
	}
	if d < 0 {
		return nil, errors.New("wire: message has no <IDS|MSG> delimiter frame")
	}
	if len(frames)-d-1 < 5 {
		return nil, fmt.Errorf("wire: message has %d frames after the delimiter; want at least 5 (signature, header, parent_header, metadata, content)", len(frames)-d-1)
	}
	sig, parts := frames[d+1], frames[d+2:d+6]
	if len(c.key) > 0 {
		if len(sig) == 0 {
			return nil, fmt.Errorf("%w: the message is unsigned", ErrSignature)
		}
		var want [2 * sha256.Size]byte
		if !hmac.Equal(c.sign(want[:0], parts...), sig) {
			return nil, fmt.Errorf("%w: it does not match the connection key", ErrSignature)
		}
	}
	names := [4]string{"header", "parent_header", "metadata", "content"}
	for i, p := range parts {
		if !json.Valid(p) {
			return nil, fmt.Errorf("wire: message %s is not valid JSON", names[i])
		}
	}
	m := &Message{
		Identities:   frames[:d:d],
		RawHeader:    parts[0],
		ParentHeader: parts[1],
		Metadata:     parts[2],
		Content:      parts[3],
		Buffers:      frames[d+6:],
	}
	if err := json.Unmarshal(parts[0], &m.Header); err != nil {
		return nil, fmt.Errorf("wire: message header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("wire: message header has no msg_type")
	}
	return m, nil
}
