/// Keys are hashed as their UTF-8 bytes, as Redis, Kafka and Cassandra do for
/// text keys. This reads them without copying when the string allows it.
@inlinable
func withUTF8Bytes<R>(_ key: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let r = key.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return r }
    return Array(key.utf8).withUnsafeBytes(body)
}

/// Bytes from any byte collection, without copying when it is contiguous.
@inlinable
func withBytes<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let r = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return r }
    return Array(bytes).withUnsafeBytes(body)
}
