// Package wire owns the Jupyter messaging protocol's data layer: the message
// types (Header, Message), the connection file a front end hands a kernel, and
// the Codec that turns a message into the signed multipart ZeroMQ frames
// [identities..., "<IDS|MSG>", signature, header, parent_header, metadata,
// content, buffers...] and back.
//
// It knows nothing about sockets: kernel/jupyter moves the frames. A message
// whose HMAC-SHA256 signature is missing or wrong decodes to an error wrapping
// ErrSignature, never to a message, so an unsigned request cannot reach the
// code that executes cells.
package wire
