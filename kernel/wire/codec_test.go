package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const pyHeader = `{"msg_id":"a1","session":"s","username":"u","date":"2026-01-01T00:00:00.000000Z","msg_type":"kernel_info_request","version":"5.3"}`

// pySig is the signature Python's hmac module computes for the frames of
// pyFrames under the key "secret-key".
const pySig = "1b16fe190ce25d8af2848426a4cffdcbcd1b086312ab25460b31b69629104ebf"

func pyFrames(sig string) [][]byte {
	return [][]byte{[]byte("client-id"), []byte(Delimiter), []byte(sig), []byte(pyHeader), []byte("{}"), []byte("{}"), []byte("{}")}
}

func TestDecodeVerifiesPythonSignature(t *testing.T) {
	c := NewCodec([]byte("secret-key"))
	m, err := c.Decode(pyFrames(pySig))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != "kernel_info_request" || m.Header.MsgID != "a1" {
		t.Errorf("header = %+v", m.Header)
	}
	if len(m.Identities) != 1 || string(m.Identities[0]) != "client-id" {
		t.Errorf("identities = %q", m.Identities)
	}
	if string(m.RawHeader) != pyHeader {
		t.Errorf("raw header = %s", m.RawHeader)
	}
}

func TestDecodeRejectsBadSignatures(t *testing.T) {
	c := NewCodec([]byte("secret-key"))
	wrong := strings.Replace(pySig, "1b", "1c", 1)
	for name, sig := range map[string]string{"missing": "", "wrong": wrong, "truncated": pySig[:63], "other key": "00" + pySig[2:]} {
		_, err := c.Decode(pyFrames(sig))
		if !errors.Is(err, ErrSignature) {
			t.Errorf("%s signature: err = %v, want ErrSignature", name, err)
		}
	}
	// A tampered content under a valid signature is rejected too.
	f := pyFrames(pySig)
	f[6] = []byte(`{"code":"rm -rf"}`)
	if _, err := c.Decode(f); !errors.Is(err, ErrSignature) {
		t.Errorf("tampered content: err = %v, want ErrSignature", err)
	}
	// Without a key nothing is verified.
	if _, err := NewCodec(nil).Decode(pyFrames("")); err != nil {
		t.Errorf("unsigned codec: %v", err)
	}
}

func TestDecodeMalformed(t *testing.T) {
	c := NewCodec(nil)
	cases := map[string]struct {
		frames [][]byte
		want   string
	}{
		"no delimiter": {[][]byte{[]byte("x"), []byte("{}")}, "delimiter"},
		"too short":    {[][]byte{[]byte(Delimiter), nil, []byte("{}")}, "want at least 5"},
		"bad json":     {[][]byte{[]byte(Delimiter), nil, []byte(pyHeader), []byte("{"), []byte("{}"), []byte("{}")}, "parent_header is not valid JSON"},
		"no msg_type":  {[][]byte{[]byte(Delimiter), nil, []byte(`{"msg_id":"x"}`), []byte("{}"), []byte("{}"), []byte("{}")}, "no msg_type"},
		"header array": {[][]byte{[]byte(Delimiter), nil, []byte(`[]`), []byte("{}"), []byte("{}"), []byte("{}")}, "header"},
	}
	for name, tc := range cases {
		_, err := c.Decode(tc.frames)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, tc.want)
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	c := NewCodec([]byte("k"))
	s := NewSession("sess", "kernel")
	req, err := c.Decode(pyFrames(""))
	if err == nil {
		t.Fatal("unsigned frames decoded under a key")
	}
	req, err = NewCodec(nil).Decode(pyFrames(""))
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.NewMessage("kernel_info_reply", req, map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	m.Buffers = [][]byte{{0, 1, 2}}
	frames, err := c.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[0]) != "client-id" || string(frames[1]) != Delimiter || len(frames[2]) != 64 {
		t.Fatalf("frames start %q", frames[:3])
	}
	got, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header {
		t.Errorf("header %+v != %+v", got.Header, m.Header)
	}
	if string(got.ParentHeader) != pyHeader || got.ParentMsgID() != "a1" {
		t.Errorf("parent = %s", got.ParentHeader)
	}
	var content map[string]string
	if err := got.DecodeContent(&content); err != nil || content["status"] != "ok" {
		t.Errorf("content = %v, %v", content, err)
	}
	if !reflect.DeepEqual(got.Buffers, m.Buffers) {
		t.Errorf("buffers = %v", got.Buffers)
	}
	if m.Header.Version != ProtocolVersion || !strings.HasPrefix(m.Header.MsgID, "sess_") {
		t.Errorf("header = %+v", m.Header)
	}
	next, _ := s.NewMessage("status", nil, json.RawMessage(`{"execution_state":"idle"}`))
	if next.Header.MsgID == m.Header.MsgID || string(next.ParentHeader) != "{}" {
		t.Errorf("second message: id %q parent %s", next.Header.MsgID, next.ParentHeader)
	}
}

func TestNewMessageRejectsUnmarshalable(t *testing.T) {
	if _, err := NewSession("s", "u").NewMessage("x", nil, func() {}); err == nil {
		t.Error("a func content encoded without error")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("client-id"), []byte(pyHeader), []byte("{}"), []byte(`{"code":"1+1"}`), true)
	f.Add([]byte(""), []byte(`{"msg_type":"x"}`), []byte(`{"msg_id":"p"}`), []byte(`[]`), false)
	f.Add([]byte(Delimiter), []byte(`{`), []byte(`null`), []byte(`"\u0000"`), true)
	key := []byte("fuzz-key")
	c := NewCodec(key)
	f.Fuzz(func(t *testing.T, id, header, parent, content []byte, sign bool) {
		var sig []byte
		if sign {
			sig = c.sign(nil, header, parent, []byte("{}"), content)
		}
		frames := [][]byte{id, []byte(Delimiter), sig, header, parent, []byte("{}"), content}
		m, err := c.Decode(frames)
		if err != nil {
			if !sign && !errors.Is(err, ErrSignature) {
				t.Fatalf("unsigned message failed with %v, not ErrSignature", err)
			}
			return
		}
		if !sign {
			t.Fatal("an unsigned message decoded")
		}
		// What decodes re-encodes to frames that decode to the same message.
		again, err := c.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := c.Decode(again)
		if err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || !bytes.Equal(m2.ParentHeader, m.ParentHeader) {
			t.Fatalf("round trip changed the message: %+v != %+v", m2, m)
		}
	})
}
