package wire

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// ProtocolVersion is the version of the Jupyter messaging protocol spoken.
const ProtocolVersion = "5.3"

// Header is a message's header (and, echoed, its replies' parent_header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. The JSON parts stay raw: a handler decodes
// the content it expects with DecodeContent, and a reply echoes its request's
// header bytes as its parent_header unchanged.
type Message struct {
	// Identities are the ZeroMQ routing frames before "<IDS|MSG>": the
	// sender's identity on a ROUTER socket, the topic on IOPub.
	Identities [][]byte
	Header     Header
	// RawHeader is the header frame as received; empty for a message built
	// here. Replies use it as their parent_header.
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage // "{}" when there is no parent
	Metadata     json.RawMessage // a JSON object, "{}" when empty
	Content      json.RawMessage // a JSON object
	Buffers      [][]byte        // optional binary buffers after the content
}

// DecodeContent unmarshals the message content into v.
func (m *Message) DecodeContent(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("wire: %s content: %w", m.Header.MsgType, err)
	}
	return nil
}

// ParentMsgID returns the msg_id of the message's parent header, or "" when
// it has none.
func (m *Message) ParentMsgID() string {
	var h struct {
		MsgID string `json:"msg_id"`
	}
	_ = json.Unmarshal(m.ParentHeader, &h) // "{}" or garbage both mean no parent
	return h.MsgID
}

// Session makes the messages one side of a connection sends: it numbers
// their msg_ids and stamps its session id and user name on their headers.
type Session struct {
	ID       string
	Username string
	prefix   string
	count    atomic.Uint64
}

// NewSession returns a Session with the given id (a random-enough string,
// e.g. a UUID) and user name.
func NewSession(id, username string) *Session {
	return &Session{ID: id, Username: username, prefix: id + "_" + strconv.Itoa(os.Getpid()) + "_"}
}

var emptyObject = json.RawMessage("{}")

// NewMessage builds a message of type msgType with the given content (any
// JSON-marshalable value, or a json.RawMessage). With a parent, the message
// is a reply or side effect of it: the parent's header becomes the
// parent_header and the parent's identities are copied to route it back.
func (s *Session) NewMessage(msgType string, parent *Message, content any) (*Message, error) {
	raw, ok := content.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(content); err != nil {
			return nil, fmt.Errorf("wire: encoding %s content: %w", msgType, err)
		}
	}
	m := &Message{
		Header: Header{
			MsgID:    s.prefix + strconv.FormatUint(s.count.Add(1), 10),
			Session:  s.ID,
			Username: s.Username,
			Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		ParentHeader: emptyObject,
		Metadata:     emptyObject,
		Content:      raw,
	}
	if parent != nil {
		m.Identities = parent.Identities
		if len(parent.RawHeader) > 0 {
			m.ParentHeader = parent.RawHeader
		} else if m.ParentHeader, ok = marshalHeader(parent.Header); !ok {
			return nil, fmt.Errorf("wire: encoding the parent header of %s", msgType)
		}
	}
	return m, nil
}

func marshalHeader(h Header) (json.RawMessage, bool) {
	b, err := json.Marshal(h)
	return b, err == nil
}
