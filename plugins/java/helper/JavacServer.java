import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The lintseq-x Java checker helper: one long-lived JVM per worker, one JSON line per request.
 *
 * <p>Request: {"source": "program text"}. Reply: {"errors": [{"line", "code", "message",
 * "fatal"}]} listing every error javac reports for the program, or {"error": "..."} when the
 * helper itself failed. The program is parsed first; parse errors are fatal and end the check.
 * A program that parses is then entered, attributed and flow-analysed (JavacTask.analyze()),
 * with flow analysis running even after attribution errors, annotation processing off and no
 * class files written. Which of those errors count is the Python side's decision.
 *
 * <p>A program whose package belongs to a module of the JDK itself (`package java.util;`, a file
 * of the OpenJDK sources) does not compile as a file of the unnamed module: javac says "package
 * exists in another module". Such a file compiles only patched into its module, as the JDK's
 * build and {@code javac --patch-module java.base=DIR} compile it, and that is how it is checked:
 * the package is looked up among the packages of the JDK's system modules, and the program is
 * analysed as a source file of that module (with the rest of the module from the JDK's image).
 */
public final class JavacServer {
    private static final List<String> OPTIONS = List.of(
            "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none", "-Xmaxerrs", "100000",
            "-XDshould-stop.ifError=FLOW", "-XDshould-stop.ifNoError=FLOW", "-encoding", "UTF-8");

    /** Package name to the JDK system module that holds it (exported or not). */
    private static final Map<String, String> SYSTEM_PACKAGES = new HashMap<>();
    /** One file manager per patched module, made on first use. */
    private static final Map<String, JavaFileManager> PATCHING = new HashMap<>();
    private static Path emptyPatchDir;

    private JavacServer() {
    }

    public static void main(String[] args) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            System.err.println("no system Java compiler: a JRE, not a JDK");
            System.exit(2);
        }
        StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String reply;
            try {
                Object request = new Json(line).value();
                if (!(request instanceof Map) || !(((Map<?, ?>) request).get("source") instanceof String)) {
                    throw new IllegalArgumentException("a request is an object with a string \"source\"");
                }
                reply = check(compiler, files, (String) ((Map<?, ?>) request).get("source"));
            } catch (Throwable error) { // a bug here must not end the helper or desync the pipe
                StringWriter trace = new StringWriter();
                error.printStackTrace(new PrintWriter(trace));
                reply = "{\"error\":" + Json.quote(trace.toString()) + "}";
            }
            out.write(reply);
            out.write('\n');
            out.flush();
        }
    }

    static String check(JavaCompiler compiler, StandardJavaFileManager files, String source) throws Exception {
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        JavaFileObject unit = new Source(fileName(source), source);
        JavacTask task = (JavacTask) compiler.getTask(null, files, collector, OPTIONS, null, List.of(unit));
        Iterable<? extends CompilationUnitTree> trees = task.parse();
        boolean fatal = hasErrors(collector);
        if (!fatal) {
            String module = systemModuleOf(trees);
            if (module != null) { // a file of the JDK itself: compile it patched into its module
                collector = new DiagnosticCollector<>();
                task = (JavacTask) compiler.getTask(null, patching(compiler, module), collector, OPTIONS, null,
                        List.of(unit));
            }
            task.analyze();
        }
        StringBuilder reply = new StringBuilder("{\"errors\":[");
        boolean first = true;
        for (Diagnostic<? extends JavaFileObject> diagnostic : collector.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (!first) {
                reply.append(',');
            }
            first = false;
            long row = diagnostic.getLineNumber();
            reply.append("{\"line\":").append(row < 1 ? 1 : row)
                    .append(",\"code\":").append(Json.quote(diagnostic.getCode()))
                    .append(",\"message\":").append(Json.quote(diagnostic.getMessage(Locale.ROOT)))
                    .append(",\"fatal\":").append(fatal).append('}');
        }
        return reply.append("]}").toString();
    }

    /** The JDK system module that holds the package of the (first) compilation unit, or null. */
    static String systemModuleOf(Iterable<? extends CompilationUnitTree> trees) {
        for (CompilationUnitTree tree : trees) {
            if (tree.getPackageName() == null || tree.getModule() != null) {
                return null; // the unnamed package, or a module-info.java
            }
            synchronized (SYSTEM_PACKAGES) {
                if (SYSTEM_PACKAGES.isEmpty()) {
                    for (ModuleReference reference : ModuleFinder.ofSystem().findAll()) {
                        for (String name : reference.descriptor().packages()) {
                            SYSTEM_PACKAGES.put(name, reference.descriptor().name());
                        }
                    }
                }
                return SYSTEM_PACKAGES.get(tree.getPackageName().toString());
            }
        }
        return null;
    }

    /** A file manager that compiles our in-memory source as a file of {@code module}. */
    static synchronized JavaFileManager patching(JavaCompiler compiler, String module) throws IOException {
        JavaFileManager found = PATCHING.get(module);
        if (found == null) {
            if (emptyPatchDir == null) {
                emptyPatchDir = Files.createTempDirectory("lintseq-x-javac-patch-");
                emptyPatchDir.toFile().deleteOnExit();
            }
            StandardJavaFileManager standard =
                    compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
            standard.handleOption("--patch-module", List.of(module + "=" + emptyPatchDir).iterator());
            found = new Patching(standard, module);
            PATCHING.put(module, found);
        }
        return found;
    }

    /**
     * javac finds the module a source file patches by its path; an in-memory source has none, so
     * this says that it lies in the (empty) patch folder of {@code module}.
     */
    private static final class Patching extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final String module;

        Patching(StandardJavaFileManager standard, String module) {
            super(standard);
            this.module = module;
        }

        @Override
        public Location getLocationForModule(Location location, JavaFileObject file) throws IOException {
            if (file instanceof Source && location == StandardLocation.PATCH_MODULE_PATH) {
                return fileManager.getLocationForModule(location, module);
            }
            return super.getLocationForModule(location, file);
        }

        @Override
        public boolean contains(Location location, FileObject file) throws IOException {
            if (file instanceof Source) {
                Location patch = fileManager.getLocationForModule(StandardLocation.PATCH_MODULE_PATH, module);
                return patch != null && patch.equals(location);
            }
            return super.contains(location, file);
        }
    }

    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> collector) {
        for (Diagnostic<? extends JavaFileObject> diagnostic : collector.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                return true;
            }
        }
        return false;
    }

    /**
     * The file name javac wants: that of the first public top-level type, else "Main.java".
     * A small scanner over the text: comments, strings, text blocks and character literals are
     * skipped, and only declarations at brace depth 0 count.
     */
    static String fileName(String text) {
        int depth = 0;
        int n = text.length();
        boolean sawPublic = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' && text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                while (end > 0 && text.charAt(end - 1) == '\\') {
                    end = text.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '{') {
                depth++;
                i++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
                i++;
            } else if (c == ';' && depth == 0) {
                sawPublic = false;
                i++;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(text.charAt(i))) {
                    i++;
                }
                if (depth != 0) {
                    continue;
                }
                String word = text.substring(start, i);
                if (word.equals("public")) {
                    sawPublic = true;
                } else if (sawPublic && (word.equals("class") || word.equals("interface") || word.equals("enum")
                        || word.equals("record"))) {
                    int j = i;
                    while (j < n && Character.isWhitespace(text.charAt(j))) {
                        j++;
                    }
                    int nameStart = j;
                    while (j < n && Character.isJavaIdentifierPart(text.charAt(j))) {
                        j++;
                    }
                    if (j > nameStart && Character.isJavaIdentifierStart(text.charAt(nameStart))) {
                        return text.substring(nameStart, j) + ".java";
                    }
                }
            } else {
                i++;
            }
        }
        return "Main.java";
    }

    /** A compilation unit held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String name, String text) {
            super(URI.create("string:///" + name), JavaFileObject.Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** Just enough JSON: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object value() {
            skip();
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{': {
                    Map<String, Object> map = new HashMap<>();
                    at++;
                    skip();
                    if (peek('}')) {
                        return map;
                    }
                    do {
                        skip();
                        Object key = value();
                        if (!(key instanceof String)) {
                            throw new IllegalArgumentException("object key is not a string at " + at);
                        }
                        skip();
                        expect(':');
                        map.put((String) key, value());
                        skip();
                    } while (peek(','));
                    expect('}');
                    return map;
                }
                case '[': {
                    List<Object> list = new ArrayList<>();
                    at++;
                    skip();
                    if (peek(']')) {
                        return list;
                    }
                    do {
                        list.add(value());
                        skip();
                    } while (peek(','));
                    expect(']');
                    return list;
                }
                case '"':
                    return string();
                default:
                    int start = at;
                    while (at < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(at)) < 0) {
                        at++;
                    }
                    String word = text.substring(start, at);
                    switch (word) {
                        case "true":
                            return Boolean.TRUE;
                        case "false":
                            return Boolean.FALSE;
                        case "null":
                            return null;
                        default:
                            return Double.valueOf(word);
                    }
            }
        }

        private String string() {
            StringBuilder built = new StringBuilder();
            at++;
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return built.toString();
                }
                if (c != '\\') {
                    built.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n': built.append('\n'); break;
                    case 't': built.append('\t'); break;
                    case 'r': built.append('\r'); break;
                    case 'b': built.append('\b'); break;
                    case 'f': built.append('\f'); break;
                    case 'u':
                        built.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                        break;
                    default: built.append(e); // " \ /
                }
            }
        }

        private void skip() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private boolean peek(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
        }

        static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': q.append("\\\""); break;
                    case '\\': q.append("\\\\"); break;
                    case '\n': q.append("\\n"); break;
                    case '\r': q.append("\\r"); break;
                    case '\t': q.append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                }
            }
            return q.append('"').toString();
        }
    }
}
