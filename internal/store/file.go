package store

// WriteFile writes data to path atomically, as drafts are saved: a
// temporary file in the same directory, fsync, rename, fsync of the
// directory. Other files of the drafts directory (the archive) use it.
func WriteFile(path string, data []byte) error {
	return writeAtomic(path, data)
}

// JSONError turns an error from decoding the JSON file at path into one
// that names the file, line and column, and says that the file was left as
// it was.
func JSONError(path string, data []byte, err error) error {
	return positioned(path, data, err)
}
