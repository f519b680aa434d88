package cli

// importLinks imports a file that is not a published issue (a feed, a
// bookmarks file, a list of URLs) into the inbox of the draft at path, and
// reports whether it recognised the file.
//
// Replaced by the intake work.
func importLinks(app *App, path string, file string, data []byte) (handled bool, err error) {
	return false, nil
}
