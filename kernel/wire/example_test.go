package wire_test

import (
	"fmt"

	"github.com/gopherlab/gopherlab/kernel/wire"
)

func ExampleCodec() {
	codec := wire.NewCodec([]byte("connection-key"))
	front := wire.NewSession("front-end", "user")
	req, _ := front.NewMessage("execute_request", nil, map[string]any{"code": "1 + 1"})
	req.Identities = [][]byte{[]byte("front-end")}
	frames, _ := codec.Encode(req)
	fmt.Printf("%s %s signature of %d hex digits\n", frames[0], frames[1], len(frames[2]))

	got, err := codec.Decode(frames)
	if err != nil {
		fmt.Println(err)
		return
	}
	var content struct{ Code string }
	got.DecodeContent(&content)
	fmt.Println(got.Header.MsgType, content.Code)

	frames[len(frames)-1] = []byte(`{"code": "os.RemoveAll(\"/\")"}`) // tampered
	_, err = codec.Decode(frames)
	fmt.Println(err)
	// Output:
	// front-end <IDS|MSG> signature of 64 hex digits
	// execute_request 1 + 1
	// wire: bad message signature: it does not match the connection key
}
