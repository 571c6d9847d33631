// Package ingest is the pipeline behind `armsgraph load`: it recognises
// each file's format, validates every file before anything is written,
// then writes each file in one transaction through the store.
package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/listdiff"
	"github.com/armsgraph/armsgraph/loaders/announcement"
	"github.com/armsgraph/armsgraph/loaders/dfat"
	ftmloader "github.com/armsgraph/armsgraph/loaders/ftm"
	"github.com/armsgraph/armsgraph/loaders/judgement"
	"github.com/armsgraph/armsgraph/loaders/mof"
	"github.com/armsgraph/armsgraph/loaders/ofac"
	"github.com/armsgraph/armsgraph/loaders/ofsi"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/loaders/unsc"
	"github.com/armsgraph/armsgraph/loaders/workbook"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
)

// Formats a file can have.
const (
	FormatAnnouncement = "announcement"
	FormatOFACCSV      = ofac.FormatCSV
	FormatOFACXML      = ofac.FormatXML
	FormatUNSC         = "un-sc-xml"
	FormatDFAT         = dfat.Format
	FormatMOF          = mof.Format
	FormatOFSI         = ofsi.Format
	// FormatFtM is FollowTheMoney entities (JSON lines), read whole like
	// an announcement: relationships and sanctions are entities of their
	// own that may come before the actors they join.
	FormatFtM = ftmloader.Format
	// FormatReference is seed/reference data: always written first from the
	// copy built into the binary, so files of it in a folder are skipped.
	FormatReference = "reference"
	// FormatJudgements is reviewed identity decisions (seed/judgements):
	// applied after every other file of the load.
	FormatJudgements = "judgements"
)

// Options control a load.
type Options struct {
	// Format forces the format of every file; empty recognises it from the
	// content.
	Format string
	// Programs keeps only official-list entries of these program families
	// (armsgraph.InProgramFamily: DPRK keeps OFAC's DPRK to DPRK4 and the
	// UN list type DPRK), as the API's programFamily filter; for the DFAT,
	// MOF and OFSI lists, entries with a program containing one of them
	// ("DPRK" keeps "1718 (DPRK)", "北朝鮮" MOF's North Korea sheets).
	// Empty loads all.
	Programs []string
	// PublishedOn dates an official list that carries no date (OFAC CSV).
	PublishedOn string
	// DryRun writes inside the transaction, counts, and rolls back.
	DryRun bool
	// AllowMassDelist lets a list delist more listings in force than the
	// mass-delist guard allows (the larger of 50 and 2%).
	AllowMassDelist bool
	// Progress receives progress events; nil shows none.
	Progress Progress
}

// Progress is told how far a load has come.
type Progress interface {
	// Start announces a phase with its total (files or bytes).
	Start(phase string, total int64)
	// Advance adds n to the current phase.
	Advance(n int64)
	// Finish ends the phase.
	Finish()
}

// File is one input with its recognised format.
type File struct {
	Path   string
	Format string
	Size   int64
	// ListKind is, for an OFAC list, the list its content shows it to be
	// (us-ofac-sdn or us-ofac-cons); Validate sets it.
	ListKind string
	// SHA256 is the digest of the bytes Validate read (for an OFAC CSV, the
	// list and its add/alt files); the write checks it again.
	SHA256 string
}

// Problems is every problem found while validating the inputs; nothing is
// written when there is one.
type Problems []error

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// FileSummary is what the load did with one file.
type FileSummary struct {
	File    File
	Source  record.Source
	Entries int
	Summary *neo4jdb.Summary
}

// Result is what the whole load did.
type Result struct {
	Reference *neo4jdb.Summary
	Files     []FileSummary
	// Judgements is what applying the reviewed judgements did, when the
	// load had judgement files.
	Judgements *neo4jdb.Summary
	// Warnings concern the load as a whole rather than one file.
	Warnings []record.Warning
}

// Total adds the summaries of every file and the reference data.
func (r *Result) Total() *neo4jdb.Summary {
	total := &neo4jdb.Summary{Nodes: map[string]*neo4jdb.Outcome{}, Relationships: map[string]*neo4jdb.Outcome{}}
	if r.Reference != nil {
		total.Add(r.Reference)
	}
	total.Warnings = append(total.Warnings, r.Warnings...)
	for _, f := range r.Files {
		total.Add(f.Summary)
	}
	if r.Judgements != nil {
		total.Add(r.Judgements)
	}
	return total
}

// Expand turns paths (files or folders) into the files to load, in a
// stable order: folders contribute their YAML, CSV, XML and XLSX files,
// sorted.
// Within a folder holding sdn.csv, add.csv and alt.csv (or sdn-x.csv with
// add-x.csv and alt-x.csv) are read with it, not on their own.
func Expand(paths []string, format string) ([]File, error) {
	var files []File
	var problems Problems
	add := func(path string) {
		info, err := os.Stat(path)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
			return
		}
		f, err := identify(path, format)
		if err != nil {
			problems = append(problems, err)
			return
		}
		f.Size = info.Size()
		if f.Format != FormatReference {
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		var inDir []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yaml", ".yml", ".xml", ".xlsx":
				inDir = append(inDir, path)
			case ".csv":
				// add*.csv and alt*.csv are read with the sdn*.csv beside them.
				if base := strings.ToLower(filepath.Base(path)); !strings.HasPrefix(base, "add") && !strings.HasPrefix(base, "alt") {
					inDir = append(inDir, path)
				}
			}
			return nil
		})
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", p, err))
			continue
		}
		sort.Strings(inDir)
		for _, path := range inDir {
			add(path)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return files, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// identify recognises a file's format from its first bytes.
func identify(path, forced string) (File, error) {
	if forced != "" {
		switch forced {
		case FormatAnnouncement, FormatOFACCSV, FormatOFACXML, FormatUNSC, FormatDFAT, FormatMOF, FormatOFSI, FormatFtM:
			return File{Path: path, Format: forced}, nil
		}
		return File{}, fmt.Errorf("unknown format %q: want %s", forced, strings.Join([]string{FormatAnnouncement, FormatOFACCSV, FormatOFACXML, FormatUNSC, FormatDFAT, FormatMOF, FormatOFSI, FormatFtM}, ", "))
	}
	f, err := os.Open(path)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if format, ok := ofac.Sniff(head); ok {
		return File{Path: path, Format: format}, nil
	}
	if unsc.Sniff(head) {
		return File{Path: path, Format: FormatUNSC}, nil
	}
	if ftmloader.Sniff(head) {
		return File{Path: path, Format: FormatFtM}, nil
	}
	if workbook.IsZip(head) {
		format, err := workbook.Identify(path)
		if err != nil {
			return File{}, err
		}
		if format != "" {
			return File{Path: path, Format: format}, nil
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		if isReferenceData(head) {
			return File{Path: path, Format: FormatReference}, nil
		}
		if judgement.Sniff(head) {
			return File{Path: path, Format: FormatJudgements}, nil
		}
		return File{Path: path, Format: FormatAnnouncement}, nil
	}
	return File{}, fmt.Errorf("%s: format not recognised: not an announcement (.yaml), an OFAC SDN CSV or XML, a UN consolidated list XML, a DFAT, MOF or OFSI list (.xlsx), or FollowTheMoney JSON lines; name it with --format", path)
}

// isReferenceData reports whether a YAML file's first key is one of the
// reference data sets of seed/reference.
func isReferenceData(head []byte) bool {
	for _, line := range strings.Split(string(head), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, _ := strings.Cut(line, ":")
		return key == "countries" || key == "authorities" || key == "resolutions"
	}
	return false
}

// entryDecoder is what the official-list parsers have in common.
type entryDecoder interface {
	Source() record.Source
	Next() (record.Entry, error)
	Close() error
}

// countingReader counts bytes read, for the progress bar.
type countingReader struct {
	r        io.Reader
	progress Progress
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.progress != nil {
		c.progress.Advance(int64(n))
	}
	return n, err
}

func (o Options) openList(f File, progress Progress) (entryDecoder, error) {
	ofacOpts := ofac.Options{Programs: o.Programs, PublishedOn: o.PublishedOn, ListKind: f.ListKind}
	var workbookList entryDecoder
	var err error
	switch f.Format {
	case FormatOFACCSV:
		return ofac.OpenCSV(f.Path, ofacOpts)
	case FormatDFAT:
		workbookList, err = dfat.Open(f.Path, dfat.Options{PublishedOn: o.PublishedOn})
	case FormatMOF:
		workbookList, err = mof.Open(f.Path, mof.Options{PublishedOn: o.PublishedOn})
	case FormatOFSI:
		workbookList, err = ofsi.Open(f.Path, ofsi.Options{PublishedOn: o.PublishedOn})
	}
	if err != nil {
		return nil, err
	}
	if workbookList != nil {
		if len(o.Programs) > 0 {
			return &programFilter{entryDecoder: workbookList, programs: o.Programs}, nil
		}
		return workbookList, nil
	}
	file, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	r := &countingReader{r: bufio.NewReaderSize(file, 64<<10), progress: progress}
	var dec entryDecoder
	switch f.Format {
	case FormatOFACXML:
		dec, err = ofac.NewXMLDecoder(r, f.Path, ofacOpts)
	case FormatUNSC:
		var un *unsc.Decoder
		un, err = unsc.NewDecoder(r, f.Path, unsc.Options{ListTypes: o.Programs})
		dec = noClose{un}
	default:
		err = fmt.Errorf("%s: %s is not an official list format", f.Path, f.Format)
	}
	if err != nil {
		file.Close()
		return nil, err
	}
	return closeBoth{dec, file}, nil
}

// programFilter keeps the entries with a program that contains one of
// programs. The list it reads is no longer complete: a listing it skips
// is not delisted.
type programFilter struct {
	entryDecoder
	programs []string
}

func (p *programFilter) Source() record.Source {
	src := p.entryDecoder.Source()
	src.Complete = false
	return src
}

func (p *programFilter) Next() (record.Entry, error) {
	for {
		e, err := p.entryDecoder.Next()
		if err != nil {
			return e, err
		}
		for _, d := range e.Designations {
			for _, have := range d.Programs {
				for _, want := range p.programs {
					if strings.Contains(strings.ToLower(have), strings.ToLower(want)) {
						return e, nil
					}
				}
			}
		}
	}
}

// noClose adapts a decoder that holds nothing to close.
type noClose struct {
	*unsc.Decoder
}

func (noClose) Close() error { return nil }

type closeBoth struct {
	entryDecoder
	file *os.File
}

// ContentKind is the list kind the content shows, for an OFAC list.
func (c closeBoth) ContentKind() string {
	if k, ok := c.entryDecoder.(interface{ ContentKind() string }); ok {
		return k.ContentKind()
	}
	return ""
}

func (c closeBoth) Close() error {
	err := c.entryDecoder.Close()
	if ferr := c.file.Close(); err == nil {
		err = ferr
	}
	return err
}

// Validate parses every file and returns every problem found, without
// touching Neo4j. Announcements are kept parsed for the write; official
// lists are streamed through once and read again when written.
func Validate(files []File, ref *reference.Data, opts Options) (map[string]*record.Document, Problems) {
	docs := map[string]*record.Document{}
	var problems Problems
	seenAnnouncements := map[string]string{}
	if opts.Progress != nil {
		opts.Progress.Start("validating", int64(len(files)))
	}
	for i := range files {
		f := &files[i]
		if f.Format == FormatAnnouncement {
			doc, err := announcement.ParseFile(f.Path, ref)
			if err != nil {
				problems = append(problems, err)
			} else if first, dup := seenAnnouncements[doc.Source.ID]; dup {
				problems = append(problems, fmt.Errorf("%s: announcement id %q is also the id of %s", f.Path, doc.Source.ID, first))
			} else if sum, err := fileDigest(*f); err != nil {
				problems = append(problems, err)
			} else {
				// A reload from other bytes is a correction (neo4jdb/corrections.go).
				doc.Source.SHA256, f.SHA256 = sum, sum
				seenAnnouncements[doc.Source.ID] = f.Path
				docs[f.Path] = doc
			}
		} else if f.Format == FormatFtM {
			// FtM files are read whole, like announcements; the source id
			// comes from the bytes, so a reload of the same file is itself.
			doc, err := ftmloader.ParseFile(f.Path, ref)
			if err != nil {
				problems = append(problems, err)
			} else {
				f.SHA256 = doc.Source.SHA256
				docs[f.Path] = doc
			}
		} else if f.Format == FormatJudgements {
			// read whole by readJudgements, across files
		} else if err := opts.validateList(f); err != nil {
			problems = append(problems, err)
		}
		if opts.Progress != nil {
			opts.Progress.Advance(1)
		}
	}
	if opts.Progress != nil {
		opts.Progress.Finish()
	}
	return docs, problems
}

// validateList reads the whole list, records its digest and, for an OFAC
// list, the kind its content shows; a file named like the other OFAC list
// is refused.
func (o Options) validateList(f *File) error {
	sum, err := fileDigest(*f)
	if err != nil {
		return err
	}
	f.SHA256 = sum
	dec, err := o.openList(*f, nil)
	if err != nil {
		return err
	}
	defer dec.Close()
	for {
		if _, err := dec.Next(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	if k, ok := dec.(interface{ ContentKind() string }); ok && k.ContentKind() != "" {
		f.ListKind = k.ContentKind()
		if named := ofacKindByName(f.Path); named != "" && named != f.ListKind {
			return fmt.Errorf("%s: list-kind check: the file is named like the %s list but its entries are the %s list's; nothing written (the kind comes from the content: name the file as what it is)", f.Path, named, f.ListKind)
		}
	}
	return nil
}

// ofacKindByName is the OFAC list a file's name claims, if any: only to
// refuse a file whose name and content disagree.
func ofacKindByName(path string) string {
	base := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasPrefix(base, "cons"):
		return record.SourceOFACCons
	case strings.HasPrefix(base, "sdn"):
		return record.SourceOFACSDN
	}
	return ""
}

// fileDigest hashes a list file and, for an OFAC CSV, its add and alt
// files, in that order.
func fileDigest(f File) (string, error) {
	paths := []string{f.Path}
	if f.Format == FormatOFACCSV {
		paths = append(paths, ofac.SideFiles(f.Path)...)
	}
	sum := sha256.New()
	for _, p := range paths {
		file, err := os.Open(p)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(sum, file)
		file.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", p, err)
		}
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// Plan is a set of validated files, ready to write.
type Plan struct {
	Files []File
	docs  map[string]*record.Document
	// judgements are the reviewed judgements of the load's judgement
	// files; nil when it has none, and then the graph's stay as they are.
	judgements *identity.Judgements
}

// readJudgements reads every judgement file of the load. Together they are
// the whole set of reviewed judgements: one left out of them is revoked.
func readJudgements(files []File) (*identity.Judgements, Problems) {
	var all []identity.Judgement
	var problems Problems
	found := false
	for _, f := range files {
		if f.Format != FormatJudgements {
			continue
		}
		found = true
		js, err := judgement.ParseFile(f.Path)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		all = append(all, js...)
	}
	if err := judgement.Validate(all); err != nil {
		problems = append(problems, err)
	}
	if !found || len(problems) > 0 {
		return nil, problems
	}
	return identity.NewJudgements(all), nil
}

// Prepare expands the paths and validates every file. It returns every
// problem at once and touches no database, so a bad file costs nothing.
func Prepare(paths []string, ref *reference.Data, opts Options) (*Plan, error) {
	files, err := Expand(paths, opts.Format)
	if err != nil {
		return nil, err
	}
	docs, problems := Validate(files, ref, opts)
	judgements, more := readJudgements(files)
	problems = append(problems, more...)
	if len(problems) > 0 {
		return nil, problems
	}
	return &Plan{Files: files, docs: docs, judgements: judgements}, nil
}

// Load prepares and writes paths: see Prepare and Plan.Write.
func Load(ctx context.Context, s *neo4jdb.Store, ref *reference.Data, paths []string, opts Options) (*Result, error) {
	plan, err := Prepare(paths, ref, opts)
	if err != nil {
		return nil, err
	}
	return plan.Write(ctx, s, ref, opts)
}

// Write writes the reference data and then each file in a transaction of
// its own. A dry run writes everything in a single transaction, so later
// files see earlier ones, and rolls it back.
func (p *Plan) Write(ctx context.Context, s *neo4jdb.Store, ref *reference.Data, opts Options) (*Result, error) {
	result := &Result{}
	var dryTx *neo4jdb.Tx
	if opts.DryRun {
		var err error
		if dryTx, err = s.Begin(ctx); err != nil {
			return nil, err
		}
		defer dryTx.Rollback(ctx)
	}
	// inTx runs work in the dry run's transaction, or in one of its own,
	// again from the start when Neo4j reports a transient error.
	inTx := func(work func(tx *neo4jdb.Tx) error) error {
		if dryTx != nil {
			return work(dryTx)
		}
		if err := retryTransient(ctx, func() error {
			tx, err := s.Begin(ctx)
			if err != nil {
				return err
			}
			if err := work(tx); err != nil {
				tx.Rollback(ctx)
				return err
			}
			return tx.Commit(ctx)
		}); err != nil {
			return err
		}
		// Plans made inside the load saw the graph before it; a user
		// without the right to clear them only loses speed, not data.
		if err := s.RefreshPlans(ctx); err != nil {
			result.Warnings = append(result.Warnings, record.Warning{Location: "neo4j", Message: "could not refresh index statistics and query plans: " + err.Error()})
		}
		return nil
	}
	err := inTx(func(tx *neo4jdb.Tx) error {
		var err error
		result.Reference, err = tx.WriteReferenceData(ctx, ref, "armsgraph-reference")
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.judgements != nil {
		// before the files, so that each record of a judgement taken back
		// writes to its own node, as in a graph that never had it
		err := inTx(func(tx *neo4jdb.Tx) error {
			var err error
			result.Judgements, err = tx.SplitRevokedJudgements(ctx, p.judgements)
			return err
		})
		if err != nil {
			return result, fmt.Errorf("judgements: %w", err)
		}
	}
	many := len(p.Files) > 1
	if opts.Progress != nil && many {
		opts.Progress.Start("loading", int64(len(p.Files)))
		defer opts.Progress.Finish()
	}
	for _, f := range p.Files {
		if f.Format == FormatJudgements {
			if opts.Progress != nil && many {
				opts.Progress.Advance(1)
			}
			continue
		}
		var fs FileSummary
		err := inTx(func(tx *neo4jdb.Tx) error {
			if doc, ok := p.docs[f.Path]; ok {
				sum, err := tx.WriteDocument(ctx, doc)
				fs = FileSummary{File: f, Source: doc.Source, Entries: len(doc.Entities), Summary: sum}
				return err
			}
			var progress Progress
			if !many {
				progress = opts.Progress
			}
			var err error
			fs, err = writeList(ctx, tx, f, opts, progress)
			return err
		})
		if err != nil {
			return result, fmt.Errorf("%s: %w", f.Path, err)
		}
		result.Files = append(result.Files, fs)
		if opts.Progress != nil && many {
			opts.Progress.Advance(1)
		}
	}
	if p.judgements != nil {
		// after every file, so the records they name are in the graph
		var applied *neo4jdb.Summary
		err := inTx(func(tx *neo4jdb.Tx) error {
			var err error
			applied, err = tx.ApplyJudgements(ctx, p.judgements)
			return err
		})
		if err != nil {
			return result, fmt.Errorf("judgements: %w", err)
		}
		result.Judgements.Add(applied)
	}
	return result, nil
}

// writeList streams an official list into the transaction, BatchSize
// entries at a time.
func writeList(ctx context.Context, tx *neo4jdb.Tx, f File, opts Options, progress Progress) (FileSummary, error) {
	if progress != nil {
		progress.Start("loading "+filepath.Base(f.Path), f.Size)
		defer progress.Finish()
	}
	dec, err := opts.openList(f, progress)
	if err != nil {
		return FileSummary{}, err
	}
	defer dec.Close()
	src := dec.Source()
	src.SHA256 = f.SHA256
	l, err := tx.Load(ctx, src)
	if err != nil {
		return FileSummary{}, err
	}
	l.AllowMassDelist = opts.AllowMassDelist
	entries := 0
	batch := make([]record.Entry, 0, neo4jdb.BatchSize)
	for {
		e, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return FileSummary{}, err
		}
		entries++
		batch = append(batch, e)
		if len(batch) == neo4jdb.BatchSize {
			if err := WriteEntries(ctx, l, batch); err != nil {
				return FileSummary{}, err
			}
			batch = batch[:0]
		}
	}
	if err := WriteEntries(ctx, l, batch); err != nil {
		return FileSummary{}, err
	}
	sum, err := l.Finish(ctx)
	if err != nil {
		return FileSummary{}, err
	}
	// The transaction commits only what was validated: the same bytes.
	if f.SHA256 != "" {
		now, err := fileDigest(f)
		if err != nil {
			return FileSummary{}, err
		}
		if now != f.SHA256 {
			return FileSummary{}, fmt.Errorf("file-changed check: the file changed between validation and writing (sha256 %s, now %s); nothing written; load it again", f.SHA256, now)
		}
	}
	return FileSummary{File: f, Source: src, Entries: entries, Summary: sum}, nil
}

// WriteEntries writes a batch of official-list entries: their entities,
// designations, warnings and relationships.
func WriteEntries(ctx context.Context, l *neo4jdb.Load, entries []record.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	var entities []record.Entity
	var designations []record.Designation
	var rels []record.Relationship
	var warnings []record.Warning
	stated := make(map[string][]string, len(entries))
	for _, e := range entries {
		stated[e.Entity.Ref] = listdiff.Stated(e)
		entities = append(entities, e.Entity)
		designations = append(designations, e.Designations...)
		rels = append(rels, e.Relationships...)
		warnings = append(warnings, e.Warnings...)
	}
	if err := l.WriteEntities(ctx, entities); err != nil {
		return err
	}
	if err := l.WriteDesignations(ctx, designations, stated); err != nil {
		return err
	}
	l.AddWarnings(warnings)
	return l.WriteRelationships(ctx, rels)
}

// Transient errors (a deadlock, a leader switch) are retried this many
// times in all, the whole file again each time, waiting longer each time.
const (
	transientAttempts = 6
	transientBackoff  = 200 * time.Millisecond
)

// retryTransient runs attempt until it succeeds, fails for good, or has
// met a transient error transientAttempts times: then one line says so.
func retryTransient(ctx context.Context, attempt func() error) error {
	var err error
	for i := 1; i <= transientAttempts; i++ {
		if err = attempt(); err == nil || !neo4jdb.IsTransient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(i) * transientBackoff):
		}
	}
	return fmt.Errorf("Neo4j reported a transient error %d times in a row (last: %s); nothing of this file was written; run the same load again, and if it persists check the Neo4j log", transientAttempts, firstLine(err.Error()))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// ReadList parses an official list file whole, without Neo4j: its source
// and its entries, in file order. It is for comparing snapshots, whose
// entries are held in memory.
func ReadList(path string, opts Options) (record.Source, []record.Entry, error) {
	f, err := identify(path, opts.Format)
	if err != nil {
		return record.Source{}, nil, err
	}
	if f.Format == FormatAnnouncement || f.Format == FormatReference || f.Format == FormatFtM {
		return record.Source{}, nil, fmt.Errorf("%s: %s is not an official list", path, f.Format)
	}
	dec, err := opts.openList(f, nil)
	if err != nil {
		return record.Source{}, nil, err
	}
	defer dec.Close()
	var entries []record.Entry
	for {
		e, err := dec.Next()
		if err == io.EOF {
			return dec.Source(), entries, nil
		}
		if err != nil {
			return record.Source{}, nil, err
		}
		entries = append(entries, e)
	}
}
