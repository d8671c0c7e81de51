// The Go checker's helper: go/parser judges syntax, go/types resolves names.
//
// Usage: lintseq-x-go-checker (no arguments; the source is plugins/go/helper/main.go). It is built by the plugin's setup() with
// `go build` into the user cache and started once per worker (core/helper_process.py).
// Protocol: one JSON request per stdin line,
//
//	{"source": "...", "declared": ["name", ...] (optional), "describe": bool (optional)}
//
// and one JSON reply per stdout line,
//
//	{"errors": [{"line": N, "code": "...", "message": "...", "fatal": bool}],
//	 "declared": [...names the source declares, only when `describe` was asked],
//	 "dependents": [[declaring line, using line], ...] (0-based: names the source declares
//	               once and the uses go/types resolved to them, only when `describe` was asked)}.
//
// Errors:
//   - SyntaxError (fatal): anything go/parser rejects, including a missing package clause
//     (an empty file is not a Go program).
//   - UndefinedName: go/types could not resolve an identifier ("undeclared name: x" up to Go
//     1.19, "undefined: x" since), a field or method selector, a struct-literal key or a
//     label, and the name is one the program itself declares (`declared`; without it, the
//     source's own declarations). A name the program never declares lives in a sibling file
//     of its package or is otherwise external: fine.
//     A member that a standard library package, or a type whose members are all known (not
//     one of the program's own package), does not have is unresolved whatever the program
//     declares (a deleted local `hash` leaves `hash.Write` on the imported package `hash`).
//   - BranchError: break/continue/goto/fallthrough that cannot go where it says.
//   - DirectiveError: a compiler directive that cmd/compile rejects for what the file lost,
//     though go/types never reads directives: `//go:embed` in a file that does not import
//     "embed", `//go:linkname` in one that does not import "unsafe" (a directive that needs
//     an import is a use of it), `//go:linkname local ...` whose `local`, a function or
//     variable the program declares, is gone, and a function declared without a body that no
//     `//go:linkname` names any more ("missing function body", as `go build` compiles a
//     package without assembly; a program's own, made in assembly, is its baseline).
//
// Not errors: type mismatches, missing returns, unused variables, imports and labels, and
// imports that cannot be found (only the standard library is resolved, offline, from the Go
// installation; any other import is a fake package whose members are all accepted).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
)

type request struct {
	Source   string    `json:"source"`
	Declared *[]string `json:"declared"`
	Describe bool      `json:"describe"`
}

type diagnostic struct {
	Line    int    `json:"line"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Fatal   bool   `json:"fatal"`
}

type reply struct {
	Errors     []diagnostic `json:"errors"`
	Declared   []string     `json:"declared,omitempty"`
	Dependents [][2]int     `json:"dependents,omitempty"`
	Error      string       `json:"error,omitempty"`
}

// softImporter resolves the standard library from the Go installation and fails, quickly and
// remembered, for anything else: go/types then declares a fake package and accepts every
// selector on it, so a missing third-party module never makes a state dirty.
type softImporter struct {
	std    types.Importer
	failed map[string]error
}

func (s *softImporter) Import(path string) (*types.Package, error) {
	if err, ok := s.failed[path]; ok {
		return nil, err
	}
	first := strings.SplitN(path, "/", 2)[0]
	if strings.Contains(first, ".") || path == "C" || strings.HasPrefix(path, ".") {
		err := fmt.Errorf("not a standard library package: %s", path)
		s.failed[path] = err
		return nil, err
	}
	pkg, err := s.std.Import(path)
	if err != nil {
		s.failed[path] = err
	}
	return pkg, err
}

var imports = &softImporter{std: importer.Default(), failed: map[string]error{}}

var (
	undeclared = regexp.MustCompile(`^(?:undeclared name|undefined): ([\pL\pN_]+)$`)
	// An array length is resolved apart, and said apart (Go 1.19; since Go 1.20).
	undeclaredLength = regexp.MustCompile(`^(?:undeclared name ([\pL\pN_]+) for array length|undefined array length ([\pL\pN_]+) or missing type constraint)$`)
	noMember         = regexp.MustCompile(`undefined \((?:type .* )?has no (?:field or )?method ([\pL\pN_]+)`)
	unknownField     = regexp.MustCompile(`^unknown field ([\pL\pN_]+) in struct literal`)
	// A member a resolved (standard library) package does not have: `hash.Write` once the local
	// variable `hash` that shadowed the imported package is deleted. Fake packages (imports
	// that are not installed) never produce these.
	notInPackage = regexp.MustCompile(`^(?:[\pL\pN_]+ not (?:declared|exported) by package [\pL\pN_]+|undefined: [\pL\pN_]+\.[\pL\pN_]+|name [\pL\pN_]+ not exported by package [\pL\pN_]+)$`)
	// The type a missing member was looked up on. A named type of the program's own package
	// (unqualified: `T`, `*T`, `T[int]`) may have methods in sibling files, and so may a struct
	// or interface literal that embeds one; any other type's members are all known (a basic
	// type, a type of another, resolved package, a slice, map, func or channel type).
	memberOfType  = regexp.MustCompile(`undefined \(type (.+) has no (?:field or )?method [\pL\pN_]+`)
	ownType       = regexp.MustCompile(`^\*?(?:[\pL_][\pL\pN_]*(?:\[.*\])?|struct\{.*|interface\{.*)$`)
	basicType     = regexp.MustCompile(`^\*?(?:bool|string|u?int(?:8|16|32|64)?|uintptr|byte|rune|float(?:32|64)|complex(?:64|128)|untyped [a-z]+)$`)
	labelMissing  = regexp.MustCompile(`^label ([\pL\pN_]+) not (?:declared|defined)$`)
	branchProblem = regexp.MustCompile(`^(?:invalid (?:break|continue) label |invalid continue label |break not in |continue not in |fallthrough statement out of place|cannot fallthrough|goto [\pL\pN_]+ jumps)`)
)

func check(req request) (rep reply) {
	defer func() {
		if r := recover(); r != nil {
			rep = reply{Error: fmt.Sprintf("go/types panicked: %v\n%s", r, debug.Stack())}
		}
	}()
	rep.Errors = []diagnostic{}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "state.go", req.Source, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		rep.Errors = append(rep.Errors, syntaxError(err))
		return rep
	}
	var found []types.Error
	conf := types.Config{
		Importer:    imports,
		FakeImportC: true,
		Error: func(err error) {
			if terr, ok := err.(types.Error); ok {
				found = append(found, terr)
			}
		},
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	if req.Describe {
		info.Selections = map[*ast.SelectorExpr]*types.Selection{}
		info.Uses = map[*ast.Ident]types.Object{}
	}
	name := "main"
	if file.Name != nil {
		name = file.Name.Name
	}
	pkg, _ := conf.Check(name, fset, []*ast.File{file}, info) // errors arrive through conf.Error

	own := declaredNames(info, file)
	if req.Describe {
		for n := range own {
			rep.Declared = append(rep.Declared, n)
		}
		sort.Strings(rep.Declared)
		if len(found) == 0 {
			// Only a file go/types resolves whole: where a name comes from a sibling file, it
			// stays silent about uses near it (a struct with a field of an unknown type
			// selects any field), and a deletion it predicts could go unreported.
			rep.Dependents = append(dependents(fset, file, info), directiveDependents(fset, file, pkg)...)
		}
	}
	declared := own
	if req.Declared != nil {
		declared = map[string]bool{}
		for _, n := range *req.Declared {
			declared[n] = true
		}
	}
	seen := map[string]bool{}
	for _, terr := range found {
		msg := terr.Msg
		code := ""
		if m := undeclared.FindStringSubmatch(msg); m != nil && declared[m[1]] {
			code = "UndefinedName"
		} else if m := undeclaredLength.FindStringSubmatch(msg); m != nil && declared[m[1]+m[2]] {
			code = "UndefinedName"
		} else if m := noMember.FindStringSubmatch(msg); m != nil && (declared["."+m[1]] || completeType(msg)) {
			code = "UndefinedName"
		} else if notInPackage.MatchString(msg) {
			code = "UndefinedName"
		} else if m := unknownField.FindStringSubmatch(msg); m != nil && declared["."+m[1]] {
			code = "UndefinedName"
		} else if labelMissing.MatchString(msg) {
			code = "UndefinedName"
		} else if branchProblem.MatchString(msg) {
			code = "BranchError"
		}
		if code == "" {
			continue
		}
		line := fset.Position(terr.Pos).Line
		key := fmt.Sprintf("%d %s", line, msg)
		if seen[key] {
			continue
		}
		seen[key] = true
		rep.Errors = append(rep.Errors, diagnostic{Line: line, Code: code, Message: msg})
	}
	rep.Errors = append(rep.Errors, directiveErrors(fset, file, pkg, declared)...)
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Line < rep.Errors[j].Line })
	return rep
}

// The directives that need an import, and the import: cmd/compile rejects them in a file
// without it ("go:embed only allowed in Go files that import \"embed\"").
var directiveImports = map[string]string{"go:embed": "embed", "go:linkname": "unsafe"}

type directive struct {
	name string   // "go:embed"
	args []string // what follows the name
	line int
}

// directives: the file's `//go:embed` and `//go:linkname` comments (cmd/compile reads a
// directive only from a `//go:` comment, with no space after the slashes).
func directives(fset *token.FileSet, file *ast.File) []directive {
	var found []directive
	for _, group := range file.Comments {
		for _, comment := range group.List {
			fields := strings.Fields(strings.TrimPrefix(comment.Text, "//"))
			if !strings.HasPrefix(comment.Text, "//go:") || len(fields) == 0 {
				continue
			}
			if _, ok := directiveImports[fields[0]]; ok {
				found = append(found, directive{fields[0], fields[1:], fset.Position(comment.Slash).Line})
			}
		}
	}
	return found
}

// importLines: the line of each import of each path.
func importLines(fset *token.FileSet, file *ast.File) map[string][]int {
	lines := map[string][]int{}
	for _, spec := range file.Imports {
		if path, err := strconv.Unquote(spec.Path.Value); err == nil {
			lines[path] = append(lines[path], fset.Position(spec.Path.Pos()).Line)
		}
	}
	return lines
}

// directiveErrors: what cmd/compile rejects in the file's directives and go/types does not
// see (see DirectiveError above). A `//go:linkname` local name is judged like any name: only
// one the program declares (`declared`) can be missing; another lives in a sibling file.
func directiveErrors(fset *token.FileSet, file *ast.File, pkg *types.Package, declared map[string]bool) []diagnostic {
	imported := importLines(fset, file)
	var errors []diagnostic
	linked := map[string]bool{}
	for _, d := range directives(fset, file) {
		if d.name == "go:linkname" && len(d.args) > 0 {
			linked[d.args[0]] = true
		}
	}
	for _, decl := range file.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body == nil && !linked[fn.Name.Name] {
			message := fmt.Sprintf("missing function body (%s)", fn.Name.Name)
			errors = append(errors, diagnostic{Line: fset.Position(fn.Pos()).Line, Code: "DirectiveError", Message: message})
		}
	}
	for _, d := range directives(fset, file) {
		if path := directiveImports[d.name]; len(imported[path]) == 0 {
			prefix := ""
			if d.name == "go:linkname" {
				prefix = "//" // as cmd/compile says each
			}
			message := fmt.Sprintf("%s%s only allowed in Go files that import %q", prefix, d.name, path)
			errors = append(errors, diagnostic{Line: d.line, Code: "DirectiveError", Message: message})
			continue
		}
		if d.name == "go:linkname" && len(d.args) > 0 && declared[d.args[0]] && pkg != nil {
			switch pkg.Scope().Lookup(d.args[0]).(type) {
			case *types.Func, *types.Var:
			default:
				message := fmt.Sprintf("//go:linkname must refer to declared function or variable (%s)", d.args[0])
				errors = append(errors, diagnostic{Line: d.line, Code: "DirectiveError", Message: message})
			}
		}
	}
	return errors
}

// directiveDependents: (declaring line, directive line) pairs, 0-based: the import a directive
// needs, where the file makes it once, and the function or variable a `//go:linkname` names.
// Without either, check reports the directive.
func directiveDependents(fset *token.FileSet, file *ast.File, pkg *types.Package) [][2]int {
	imported := importLines(fset, file)
	pairs := [][2]int{}
	for _, d := range directives(fset, file) {
		if lines := imported[directiveImports[d.name]]; len(lines) == 1 {
			pairs = append(pairs, [2]int{lines[0] - 1, d.line - 1})
		}
		if d.name == "go:linkname" && len(d.args) > 0 && pkg != nil {
			switch obj := pkg.Scope().Lookup(d.args[0]).(type) {
			case *types.Func, *types.Var:
				pairs = append(pairs, [2]int{fset.Position(obj.Pos()).Line - 1, d.line - 1})
			}
		}
	}
	return pairs
}

// completeType: whether the type in a "has no field or method" message is one whose members
// are all known here (see memberOfType).
func completeType(msg string) bool {
	m := memberOfType.FindStringSubmatch(msg)
	if m == nil {
		return false
	}
	return basicType.MatchString(m[1]) || !ownType.MatchString(m[1])
}

// declaredNames: every name the file declares (objects, labels, import names), as go/types
// saw them; fields and methods as ".name" (they resolve only in selectors and struct keys).
// The package clause's name declares nothing in the file's scopes (`package parser` and a
// type `parser` from a sibling file are unrelated), though go/types lists it among the Defs.
func declaredNames(info *types.Info, file *ast.File) map[string]bool {
	names := map[string]bool{}
	for ident, obj := range info.Defs {
		if ident == file.Name {
			continue
		}
		if obj == nil { // a type switch's symbolic variable: its objects are implicit, per clause
			names[ident.Name] = true
			continue
		}
		names[namespaced(obj)] = true
	}
	for _, obj := range info.Implicits {
		if pkg, ok := obj.(*types.PkgName); ok {
			names[pkg.Name()] = true
		}
	}
	delete(names, "_")
	return names
}

// dependents: (declaring line, using line) pairs, 0-based, for each name the file declares
// once and each use go/types resolved to it, in a file without any error: a selector's field
// or method, a struct-literal key, a variable, constant, type, function, label or import name.
// Without the declaration the use is what check reports: "undeclared name: x", "x.f
// undefined", "unknown field f" (the name is among the declared). Left out, so that the
// promise holds:
//   - a name the file declares twice (without one, the use may find the other: a shadowed
//     variable, a field promoted from an embedded struct);
//   - a variable that a later `:=` assigns again (without the first, that one declares it);
//   - a name the universe declares too (`len`), and every non-member under a dot import:
//     without the file's declaration the use finds theirs;
//   - uses go/types could not resolve (selectors on a type from a sibling file).
func dependents(fset *token.FileSet, file *ast.File, info *types.Info) [][2]int {
	declarations := map[string]int{}
	for ident, obj := range info.Defs {
		if obj != nil && ident != file.Name && ident.Name != "_" {
			declarations[namespaced(obj)]++
		}
	}
	for _, obj := range info.Implicits {
		if pkg, ok := obj.(*types.PkgName); ok {
			declarations[pkg.Name()]++
		}
	}
	dotImport := false
	for _, spec := range file.Imports {
		dotImport = dotImport || spec.Name != nil && spec.Name.Name == "."
	}
	assignedAgain := map[types.Object]bool{}
	ast.Inspect(file, func(node ast.Node) bool {
		if assign, ok := node.(*ast.AssignStmt); ok && assign.Tok == token.DEFINE {
			for _, left := range assign.Lhs {
				if ident, ok := left.(*ast.Ident); ok && info.Uses[ident] != nil {
					assignedAgain[info.Uses[ident]] = true
				}
			}
		}
		return true
	})
	own := fset.File(file.Pos())
	seen := map[[2]int]bool{}
	pairs := [][2]int{}
	add := func(obj types.Object, use token.Pos) {
		if obj == nil || !obj.Pos().IsValid() || fset.File(obj.Pos()) != own {
			return
		}
		if declarations[namespaced(obj)] != 1 || assignedAgain[obj] {
			return
		}
		if !isMember(obj) && (dotImport || types.Universe.Lookup(obj.Name()) != nil) {
			return
		}
		pair := [2]int{fset.Position(obj.Pos()).Line - 1, fset.Position(use).Line - 1}
		if !seen[pair] {
			seen[pair] = true
			pairs = append(pairs, pair)
		}
	}
	for selector, selection := range info.Selections {
		add(selection.Obj(), selector.Sel.Pos())
	}
	for ident, obj := range info.Uses {
		add(obj, ident.Pos())
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][0] < pairs[j][0] || pairs[i][0] == pairs[j][0] && pairs[i][1] < pairs[j][1]
	})
	return pairs
}

// namespaced: a member's name as ".name" (members resolve only in selectors and keys), any
// other object's as itself.
func namespaced(obj types.Object) string {
	if isMember(obj) {
		return "." + obj.Name()
	}
	return obj.Name()
}

// isMember: a struct field, or a method (of a named type or in an interface).
func isMember(obj types.Object) bool {
	switch o := obj.(type) {
	case *types.Var:
		return o.IsField()
	case *types.Func:
		return o.Type().(*types.Signature).Recv() != nil
	}
	return false
}

func syntaxError(err error) diagnostic {
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		list.Sort()
		first := list[0]
		return diagnostic{Line: first.Pos.Line, Code: "SyntaxError", Message: first.Msg, Fatal: true}
	}
	return diagnostic{Line: 1, Code: "SyntaxError", Message: err.Error(), Fatal: true}
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var req request
			var rep reply
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				rep = reply{Error: "unreadable request: " + jerr.Error()}
			} else {
				rep = check(req)
			}
			if eerr := enc.Encode(rep); eerr != nil {
				fmt.Fprintln(os.Stderr, "cannot write reply:", eerr)
				os.Exit(1)
			}
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}
