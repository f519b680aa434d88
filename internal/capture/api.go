package capture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// MaxBody is the largest request body taken, in bytes.
const MaxBody = 64 << 10

// linkRequest is the JSON body of POST /links.
type linkRequest struct {
	URL   string   `json:"url"`
	Title string   `json:"title"`
	Note  string   `json:"note"`
	Draft draftRef `json:"draft"`
}

// draftRef is a draft's name, which a client may send as a string ("519")
// or, since drafts are named by their numbers, as a number (519).
type draftRef string

// UnmarshalJSON takes a string, a whole number or null.
func (d *draftRef) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*d = draftRef(s)
		return nil
	}
	n, err := strconv.ParseUint(string(data), 10, 32)
	if err != nil {
		return errDraftRef
	}
	*d = draftRef(strconv.FormatUint(n, 10))
	return nil
}

// errDraftRef says what draft must be.
var errDraftRef = errors.New(`draft is a draft's name, such as "519"`)

// linkAnswer is the JSON answer to a link added.
type linkAnswer struct {
	Draft   string `json:"draft"`
	ID      string `json:"id"`
	Repeat  bool   `json:"repeat"`
	UsedIn  []int  `json:"used_in,omitempty"`
	InDraft bool   `json:"in_draft"`
}

// decodeLink reads the body of POST /links, or says what is wrong with it.
func decodeLink(body []byte) (Link, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return Link{}, refuse(http.StatusBadRequest, `the body is empty: send a JSON object such as {"url": "https://…", "note": "…"}`)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req linkRequest
	if err := dec.Decode(&req); err != nil {
		return Link{}, refuse(http.StatusBadRequest, "%s", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Link{}, refuse(http.StatusBadRequest, "the body holds more than one JSON value: send one object")
	}
	return Link{URL: req.URL, Title: req.Title, Note: req.Note, Draft: string(req.Draft)}, nil
}

// jsonProblem says in words what is wrong with a body that did not decode.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errDraftRef):
		return errDraftRef.Error()
	case errors.As(err, &syntax):
		return fmt.Sprintf("the body is not JSON: %v (at byte %d)", syntax, syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return `the body is not a JSON object: send {"url": "https://…"}`
	case errors.As(err, &typ):
		return fmt.Sprintf("%s is a %s; it must be a string", typ.Field, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body is cut short: it is not whole JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Sprintf("the body has a field weekly does not know, %s: send url, and optionally title, note and draft",
			sanitize.Clip(sanitize.Line(strings.TrimPrefix(err.Error(), "json: unknown field ")), 60))
	}
	return "the body is not what POST /links takes: " + sanitize.Clip(sanitize.Line(err.Error()), 200)
}

// handleLinks is POST /links: a link from a script or a phone, with a
// bearer token.
func (s *Server) handleLinks(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "POST /links with a JSON body adds a link; "+r.Method+" does nothing here")
		return
	}
	t, ok := s.bearer(w, r)
	if !ok {
		return
	}
	now := s.cfg.Now()
	if ok, wait := s.limit.Allow(t.Name, now); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("%s sent %d links in the last minute (every request with the token counts), the most a token may; try again in %s", t.Name, PerMinute, wait.Round(time.Second)+time.Second))
		return
	}
	if r.ContentLength > MaxBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is %d bytes; a link takes at most %d KiB", r.ContentLength, MaxBody>>10))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is more than %d KiB, the most a link takes", MaxBody>>10))
			return
		}
		writeError(w, http.StatusBadRequest, "could not read the body: "+sanitize.Line(err.Error()))
		return
	}
	in, err := decodeLink(body)
	if err != nil {
		writeError(w, statusOf(err), err.Error())
		return
	}
	s.keys.touch(t, now)
	added, err := s.Add(t.Name, in)
	if err != nil {
		status := statusOf(err)
		if status >= 500 {
			s.cfg.Log.Printf("could not add a link from %s: %v", t.Name, err)
		}
		writeError(w, status, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, linkAnswer{Draft: added.Draft, ID: added.Item.ID, Repeat: added.Repeat, UsedIn: added.UsedIn, InDraft: added.InDraft})
}

// bearer returns the token of the request's Authorization header; when
// there is none, or it is no token of the tokens file, it answers 401 and
// logs the refusal with the client's address.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request) (Token, bool) {
	auth := r.Header.Get("Authorization")
	scheme, presented, _ := strings.Cut(strings.TrimSpace(auth), " ")
	presented = strings.TrimSpace(presented)
	var reason string
	switch {
	case auth == "":
		reason = "no token"
	case !strings.EqualFold(scheme, "Bearer") || presented == "":
		reason = "an Authorization header that is not Bearer TOKEN"
	default:
		if t, ok := s.keys.find(presented); ok {
			return t, true
		}
		reason = "an unknown token"
	}
	s.refused(r, reason)
	w.Header().Set("WWW-Authenticate", `Bearer realm="weekly capture"`)
	writeError(w, http.StatusUnauthorized, "send Authorization: Bearer TOKEN with a token of weekly capture token add")
	return Token{}, false
}

// refusals bounds the log lines of refused requests: at most
// refusalsPerMinute a minute, then one line saying how many were not
// logged, so that a flood of bad requests cannot fill the disk.
type refusals struct {
	mu      sync.Mutex
	start   time.Time
	n, lost int
}

const refusalsPerMinute = 20

// refused logs a refused request with the client's address and user agent,
// both sanitised: they are the client's to write.
func (s *Server) refused(r *http.Request, reason string) {
	now := s.cfg.Now()
	s.refusal.mu.Lock()
	if now.Sub(s.refusal.start) >= time.Minute {
		if s.refusal.lost > 0 {
			s.cfg.Log.Printf("refused %d more requests in the last minute, not logged one by one", s.refusal.lost)
		}
		s.refusal.start, s.refusal.n, s.refusal.lost = now, 0, 0
	}
	s.refusal.n++
	log := s.refusal.n <= refusalsPerMinute
	if !log {
		s.refusal.lost++
	}
	s.refusal.mu.Unlock()
	if log {
		ua := sanitize.Clip(sanitize.Line(r.UserAgent()), 80)
		s.cfg.Log.Printf("refused %s %s from %s (%q): %s", r.Method, sanitize.Clip(sanitize.Line(r.URL.Path), 80), clientAddr(r), ua, reason)
	}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"could not write the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// writeError answers with {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": sanitize.Line(msg)})
}
