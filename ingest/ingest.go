// Package ingest is the pipeline behind `armsgraph load`: it recognises
// each file's format, validates every file before anything is written,
// then writes each file in one transaction through the store.
package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/announcement"
	"github.com/armsgraph/armsgraph/loaders/dfat"
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
	// FormatReference is seed/reference data: always written first from the
	// copy built into the binary, so files of it in a folder are skipped.
	FormatReference = "reference"
)

// Options control a load.
type Options struct {
	// Format forces the format of every file; empty recognises it from the
	// content.
	Format string
	// Programs keeps only official-list entries of these programs (OFAC
	// tag prefixes such as DPRK) or UN list types (DPRK); for the DFAT,
	// MOF and OFSI lists, entries with a program containing one of them
	// ("DPRK" keeps "1718 (DPRK)", "北朝鮮" MOF's North Korea sheets).
	// Empty loads all.
	Programs []string
	// PublishedOn dates an official list that carries no date (OFAC CSV).
	PublishedOn string
	// DryRun writes inside the transaction, counts, and rolls back.
	DryRun bool
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
		case FormatAnnouncement, FormatOFACCSV, FormatOFACXML, FormatUNSC, FormatDFAT, FormatMOF, FormatOFSI:
			return File{Path: path, Format: forced}, nil
		}
		return File{}, fmt.Errorf("unknown format %q: want %s", forced, strings.Join([]string{FormatAnnouncement, FormatOFACCSV, FormatOFACXML, FormatUNSC, FormatDFAT, FormatMOF, FormatOFSI}, ", "))
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
		return File{Path: path, Format: FormatAnnouncement}, nil
	}
	return File{}, fmt.Errorf("%s: format not recognised: not an announcement (.yaml), an OFAC SDN CSV or XML, a UN consolidated list XML, or a DFAT, MOF or OFSI list (.xlsx); name it with --format", path)
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
	var workbookList entryDecoder
	var err error
	switch f.Format {
	case FormatOFACCSV:
		return ofac.OpenCSV(f.Path, ofac.Options{Programs: o.Programs, PublishedOn: o.PublishedOn})
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
		dec, err = ofac.NewXMLDecoder(r, f.Path, ofac.Options{Programs: o.Programs, PublishedOn: o.PublishedOn})
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
	for _, f := range files {
		if f.Format == FormatAnnouncement {
			doc, err := announcement.ParseFile(f.Path, ref)
			if err != nil {
				problems = append(problems, err)
			} else if first, dup := seenAnnouncements[doc.Source.ID]; dup {
				problems = append(problems, fmt.Errorf("%s: announcement id %q is also the id of %s", f.Path, doc.Source.ID, first))
			} else {
				seenAnnouncements[doc.Source.ID] = f.Path
				docs[f.Path] = doc
			}
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

func (o Options) validateList(f File) error {
	dec, err := o.openList(f, nil)
	if err != nil {
		return err
	}
	defer dec.Close()
	for {
		if _, err := dec.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// Plan is a set of validated files, ready to write.
type Plan struct {
	Files []File
	docs  map[string]*record.Document
}

// Prepare expands the paths and validates every file. It returns every
// problem at once and touches no database, so a bad file costs nothing.
func Prepare(paths []string, ref *reference.Data, opts Options) (*Plan, error) {
	files, err := Expand(paths, opts.Format)
	if err != nil {
		return nil, err
	}
	docs, problems := Validate(files, ref, opts)
	if len(problems) > 0 {
		return nil, problems
	}
	return &Plan{Files: files, docs: docs}, nil
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
	// inTx runs work in the dry run's transaction, or in one of its own.
	inTx := func(work func(tx *neo4jdb.Tx) error) error {
		if dryTx != nil {
			return work(dryTx)
		}
		tx, err := s.Begin(ctx)
		if err != nil {
			return err
		}
		if err := work(tx); err != nil {
			tx.Rollback(ctx)
			return err
		}
		if err := tx.Commit(ctx); err != nil {
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
	many := len(p.Files) > 1
	if opts.Progress != nil && many {
		opts.Progress.Start("loading", int64(len(p.Files)))
		defer opts.Progress.Finish()
	}
	for _, f := range p.Files {
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
	l, err := tx.Load(ctx, dec.Source())
	if err != nil {
		return FileSummary{}, err
	}
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
	return FileSummary{File: f, Source: dec.Source(), Entries: entries, Summary: sum}, nil
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
	for _, e := range entries {
		entities = append(entities, e.Entity)
		designations = append(designations, e.Designations...)
		rels = append(rels, e.Relationships...)
		warnings = append(warnings, e.Warnings...)
	}
	if err := l.WriteEntities(ctx, entities); err != nil {
		return err
	}
	if err := l.WriteDesignations(ctx, designations); err != nil {
		return err
	}
	l.AddWarnings(warnings)
	return l.WriteRelationships(ctx, rels)
}

// ReadList parses an official list file whole, without Neo4j: its source
// and its entries, in file order. It is for comparing snapshots, whose
// entries are held in memory.
func ReadList(path string, opts Options) (record.Source, []record.Entry, error) {
	f, err := identify(path, opts.Format)
	if err != nil {
		return record.Source{}, nil, err
	}
	if f.Format == FormatAnnouncement || f.Format == FormatReference {
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
