package wire

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is the content of a Jupyter connection file: where the five
// kernel sockets listen and the key that signs every message.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("wire: reading connection file: %w", err)
	}
	ci, err := ParseConnectionInfo(data)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return ci, nil
}

// ParseConnectionInfo decodes and validates a connection file's JSON. Only
// the hmac-sha256 signature scheme is supported; a file with an empty key
// (unsigned messages) is accepted whatever its scheme says.
func ParseConnectionInfo(data []byte) (*ConnectionInfo, error) {
	var ci ConnectionInfo
	if err := json.Unmarshal(data, &ci); err != nil {
		return nil, fmt.Errorf("wire: connection file is not valid JSON: %w", err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return nil, fmt.Errorf("wire: connection file transport %q is not supported; use \"tcp\" or \"ipc\"", ci.Transport)
	}
	if ci.IP == "" {
		return nil, fmt.Errorf("wire: connection file has no \"ip\"; set it to e.g. \"127.0.0.1\"")
	}
	if ci.Key != "" && ci.SignatureScheme != "hmac-sha256" {
		return nil, fmt.Errorf("wire: signature_scheme %q is not supported; use \"hmac-sha256\" (or an empty key to disable signing)", ci.SignatureScheme)
	}
	ports := []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"iopub_port", ci.IOPubPort}, {"stdin_port", ci.StdinPort},
		{"control_port", ci.ControlPort}, {"hb_port", ci.HBPort}}
	for _, p := range ports {
		if p.port <= 0 || p.port > 65535 {
			return nil, fmt.Errorf("wire: connection file %s is %d; it must be a port number in 1..65535", p.name, p.port)
		}
	}
	return &ci, nil
}

// Endpoint returns the ZeroMQ address of a port of this connection, as
// Jupyter spells it: tcp://IP:PORT, or ipc://IP-PORT for the ipc transport.
func (ci *ConnectionInfo) Endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", ci.IP, port)
}
