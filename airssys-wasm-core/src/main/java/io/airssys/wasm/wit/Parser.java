package io.airssys.wasm.wit;

import io.airssys.wasm.wit.Ast.Gates;
import io.airssys.wasm.wit.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Recursive-descent parser for one WIT file, following the grammar of the WIT specification. */
final class Parser {

    static final Set<String> KEYWORDS = Set.of(
            "as",
            "async",
            "bool",
            "borrow",
            "char",
            "constructor",
            "enum",
            "error-context",
            "export",
            "f32",
            "f64",
            "flags",
            "from",
            "func",
            "future",
            "import",
            "include",
            "interface",
            "list",
            "option",
            "own",
            "package",
            "record",
            "resource",
            "result",
            "s16",
            "s32",
            "s64",
            "s8",
            "static",
            "stream",
            "string",
            "tuple",
            "type",
            "u16",
            "u32",
            "u64",
            "u8",
            "use",
            "variant",
            "with",
            "world");

    private static final Set<String> TYPE_KEYWORDS = Set.of("type", "record", "variant", "enum", "flags", "resource");

    /** Deepest nesting of type expressions ({@code list<list<...>>}), as the reference WIT parser allows. */
    static final int MAX_NESTING = 100;

    private final String file;
    private final List<Token> tokens;
    private int index;
    private int nesting;

    private Parser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    static Ast.File parse(String file, String text) {
        return new Parser(file, Lexer.tokenize(file, text)).file();
    }

    private Ast.File file() {
        Optional<Ast.PackageDecl> packageDecl = Optional.empty();
        List<Ast.Item> items = new ArrayList<>();
        List<Ast.NestedPackage> nested = new ArrayList<>();
        boolean first = true;
        while (!peek().is(Kind.EOF)) {
            if (peek().isKeyword("package")) {
                Ast.PackageDecl decl = packageDecl();
                if (accept(Kind.LBRACE)) {
                    List<Ast.Item> nestedItems = new ArrayList<>();
                    while (!accept(Kind.RBRACE)) {
                        nestedItems.add(item());
                    }
                    nested.add(new Ast.NestedPackage(decl, nestedItems));
                } else {
                    expect(Kind.SEMICOLON);
                    if (!first) {
                        throw decl.span().error("the package declaration must come before everything else in the file");
                    }
                    packageDecl = Optional.of(decl);
                }
            } else {
                items.add(item());
            }
            first = false;
        }
        return new Ast.File(file, packageDecl, items, nested);
    }

    private Ast.PackageDecl packageDecl() {
        Token start = expectKeyword("package");
        return new Ast.PackageDecl(packageName(), start.docs(), start.span());
    }

    private PackageName packageName() {
        String namespace = id();
        expect(Kind.COLON);
        String name = id();
        if (peek().is(Kind.COLON) || peek().is(Kind.SLASH)) {
            throw peek().span().error("nested package names are not supported; write namespace:name");
        }
        return new PackageName(namespace, name, optionalVersion());
    }

    private Optional<String> optionalVersion() {
        if (accept(Kind.AT)) {
            return Optional.of(expect(Kind.VERSION).text());
        }
        return Optional.empty();
    }

    private Ast.Item item() {
        String docs = peek().docs();
        Gates gates = gates();
        Token token = peek();
        if (token.isKeyword("interface")) {
            next();
            String name = id();
            return new Ast.Interface(name, docs, gates, body(false), token.span());
        }
        if (token.isKeyword("world")) {
            next();
            String name = id();
            return new Ast.World(name, docs, gates, body(true), token.span());
        }
        if (token.isKeyword("use")) {
            next();
            Ast.UsePath path = usePath();
            String alias = acceptKeyword("as") ? id() : null;
            expect(Kind.SEMICOLON);
            return new Ast.TopUse(path, alias, token.span());
        }
        throw token.span().error("expected 'interface', 'world', 'use' or 'package', found " + token.describe());
    }

    private List<Ast.Member> body(boolean world) {
        expect(Kind.LBRACE);
        List<Ast.Member> members = new ArrayList<>();
        while (!accept(Kind.RBRACE)) {
            members.add(member(world));
        }
        return members;
    }

    private Ast.Member member(boolean world) {
        String docs = peek().docs();
        Gates gates = gates();
        Token token = peek();
        if (token.isKeyword("use")) {
            return use(gates);
        }
        if (token.is(Kind.ID)
                && TYPE_KEYWORDS.contains(token.text())
                && !peekAt(1).is(Kind.COLON)) {
            return typeDecl(docs, gates);
        }
        if (world && (token.isKeyword("import") || token.isKeyword("export"))) {
            return externItem(docs, gates);
        }
        if (world && token.isKeyword("include")) {
            return include(gates);
        }
        if (world) {
            throw token.span()
                    .error("expected 'import', 'export', 'include', 'use' or a type definition in a world, found "
                            + token.describe());
        }
        Span span = token.span();
        String name = id();
        expect(Kind.COLON);
        Ast.Signature signature = signature();
        expect(Kind.SEMICOLON);
        return new Ast.Func(name, docs, gates, FunctionKind.FREESTANDING, signature, span);
    }

    private Ast.Use use(Gates gates) {
        Token start = expectKeyword("use");
        Ast.UsePath path = usePath();
        expect(Kind.DOT);
        expect(Kind.LBRACE);
        List<Ast.UseName> names = new ArrayList<>();
        do {
            if (peek().is(Kind.RBRACE)) {
                break; // an empty list, or a trailing comma
            }
            Span span = peek().span();
            String name = id();
            String alias = acceptKeyword("as") ? id() : null;
            names.add(new Ast.UseName(name, alias, span));
        } while (accept(Kind.COMMA));
        expect(Kind.RBRACE);
        expect(Kind.SEMICOLON);
        return new Ast.Use(path, names, gates, start.span());
    }

    private Ast.UsePath usePath() {
        Span span = peek().span();
        String first = id();
        if (!accept(Kind.COLON)) {
            return new Ast.LocalPath(first, span);
        }
        String packageName = id();
        expect(Kind.SLASH);
        String interfaceName = id();
        if (peek().is(Kind.SLASH)) {
            throw peek().span().error("nested package paths are not supported");
        }
        Optional<String> version = optionalVersion();
        return new Ast.ForeignPath(new PackageName(first, packageName, version), interfaceName, span);
    }

    private Ast.Include include(Gates gates) {
        Token start = expectKeyword("include");
        Ast.UsePath path = usePath();
        List<Ast.UseName> renames = new ArrayList<>();
        if (acceptKeyword("with")) {
            expect(Kind.LBRACE);
            do {
                if (peek().is(Kind.RBRACE) && !renames.isEmpty()) {
                    break;
                }
                Span span = peek().span();
                String name = id();
                expectKeyword("as");
                renames.add(new Ast.UseName(name, id(), span));
            } while (accept(Kind.COMMA));
            expect(Kind.RBRACE);
        } else {
            expect(Kind.SEMICOLON);
        }
        return new Ast.Include(path, renames, gates, start.span());
    }

    private Ast.Member externItem(String docs, Gates gates) {
        Token keyword = next();
        boolean isImport = keyword.text().equals("import");
        Span span = peek().span();
        String name = null;
        Ast.ExternDecl decl;
        if ((peek().is(Kind.ID) || peek().is(Kind.EXPLICIT_ID))
                && peekAt(1).is(Kind.COLON)
                && (peekAt(2).isKeyword("func")
                        || peekAt(2).isKeyword("async")
                        || peekAt(2).isKeyword("interface"))) {
            name = id();
            expect(Kind.COLON);
            if (acceptKeyword("interface")) {
                decl = new Ast.InlineInterface(body(false));
            } else {
                decl = new Ast.FuncDecl(signature());
                expect(Kind.SEMICOLON);
            }
        } else {
            decl = new Ast.PathRef(usePath());
            expect(Kind.SEMICOLON);
        }
        return isImport ? new Ast.Import(name, decl, docs, gates, span) : new Ast.Export(name, decl, docs, gates, span);
    }

    private Ast.TypeDecl typeDecl(String docs, Gates gates) {
        Token keyword = next();
        Span span = peek().span();
        String name = id();
        Ast.TypeBody body = switch (keyword.text()) {
            case "type" -> {
                expect(Kind.EQUALS);
                Ast.TypeExpr target = type();
                expect(Kind.SEMICOLON);
                yield new Ast.AliasBody(target);
            }
            case "record" ->
                new Ast.RecordBody(braced(
                        "record",
                        name,
                        () -> {
                            String fieldDocs = peek().docs();
                            Span fieldSpan = peek().span();
                            String fieldName = id();
                            expect(Kind.COLON);
                            return new Ast.Field(fieldName, fieldDocs, type(), fieldSpan);
                        },
                        span));
            case "variant" ->
                new Ast.VariantBody(braced(
                        "variant",
                        name,
                        () -> {
                            String caseDocs = peek().docs();
                            Span caseSpan = peek().span();
                            String caseName = id();
                            Optional<Ast.TypeExpr> payload = Optional.empty();
                            if (accept(Kind.LPAREN)) {
                                payload = Optional.of(type());
                                expect(Kind.RPAREN);
                            }
                            return new Ast.Case(caseName, caseDocs, payload, caseSpan);
                        },
                        span));
            case "enum" -> new Ast.EnumBody(braced("enum", name, this::name, span));
            case "flags" -> new Ast.FlagsBody(braced("flags", name, this::name, span));
            case "resource" -> resourceBody(name);
            default -> throw keyword.span().error("unexpected " + keyword.describe());
        };
        return new Ast.TypeDecl(name, docs, gates, body, span);
    }

    private Ast.Name name() {
        String docs = peek().docs();
        Span span = peek().span();
        return new Ast.Name(id(), docs, span);
    }

    private Ast.ResourceBody resourceBody(String resource) {
        List<Ast.Func> functions = new ArrayList<>();
        if (accept(Kind.SEMICOLON)) {
            return new Ast.ResourceBody(functions);
        }
        expect(Kind.LBRACE);
        while (!accept(Kind.RBRACE)) {
            String docs = peek().docs();
            Gates gates = gates();
            Span span = peek().span();
            if (acceptKeyword("constructor")) {
                Ast.Signature signature = signatureAfterFunc(false, span);
                expect(Kind.SEMICOLON);
                functions.add(new Ast.Func(resource, docs, gates, FunctionKind.CONSTRUCTOR, signature, span));
                continue;
            }
            String name = id();
            expect(Kind.COLON);
            FunctionKind kind = acceptKeyword("static") ? FunctionKind.STATIC : FunctionKind.METHOD;
            Ast.Signature signature = signature();
            expect(Kind.SEMICOLON);
            functions.add(new Ast.Func(name, docs, gates, kind, signature, span));
        }
        return new Ast.ResourceBody(functions);
    }

    private Ast.Signature signature() {
        Span span = peek().span();
        boolean async = acceptKeyword("async");
        expectKeyword("func");
        return signatureAfterFunc(async, span);
    }

    private Ast.Signature signatureAfterFunc(boolean async, Span span) {
        expect(Kind.LPAREN);
        List<Ast.Param> params = new ArrayList<>();
        while (!accept(Kind.RPAREN)) {
            Span paramSpan = peek().span();
            String name = id();
            expect(Kind.COLON);
            params.add(new Ast.Param(name, type(), paramSpan));
            if (!accept(Kind.COMMA)) {
                expect(Kind.RPAREN);
                break;
            }
        }
        Optional<Ast.TypeExpr> result = Optional.empty();
        if (accept(Kind.ARROW)) {
            if (peek().is(Kind.LPAREN)) {
                throw peek().span()
                        .error("named or multiple results are not allowed; return a record or tuple instead");
            }
            result = Optional.of(type());
        }
        return new Ast.Signature(async, params, result, span);
    }

    private Ast.TypeExpr type() {
        Token start = peek();
        if (++nesting > MAX_NESTING) {
            throw start.span().error("types are nested more than " + MAX_NESTING + " deep");
        }
        try {
            return typeExpression();
        } finally {
            nesting--;
        }
    }

    private Ast.TypeExpr typeExpression() {
        Token token = next();
        Span span = token.span();
        if (token.is(Kind.EXPLICIT_ID)) {
            validateId(token);
            return new Ast.Named(token.text(), span);
        }
        if (!token.is(Kind.ID)) {
            throw span.error("expected a type, found " + token.describe());
        }
        WitPrimitive primitive = WitPrimitive.byKeyword(token.text());
        if (primitive != null) {
            return new Ast.Primitive(primitive, span);
        }
        switch (token.text()) {
            case "list" -> {
                expect(Kind.LT);
                Ast.TypeExpr element = type();
                if (peek().is(Kind.COMMA)) {
                    throw peek().span()
                            .error("fixed-size lists (list<T, N>) are an unstable feature and not supported");
                }
                expect(Kind.GT);
                return new Ast.ListOf(element, span);
            }
            case "option" -> {
                expect(Kind.LT);
                Ast.TypeExpr element = type();
                expect(Kind.GT);
                return new Ast.OptionOf(element, span);
            }
            case "result" -> {
                if (!accept(Kind.LT)) {
                    return new Ast.ResultOf(Optional.empty(), Optional.empty(), span);
                }
                Optional<Ast.TypeExpr> ok;
                if (accept(Kind.UNDERSCORE)) {
                    ok = Optional.empty();
                    expect(Kind.COMMA);
                    Ast.TypeExpr err = type();
                    expect(Kind.GT);
                    return new Ast.ResultOf(ok, Optional.of(err), span);
                }
                ok = Optional.of(type());
                Optional<Ast.TypeExpr> err = accept(Kind.COMMA) ? Optional.of(type()) : Optional.empty();
                expect(Kind.GT);
                return new Ast.ResultOf(ok, err, span);
            }
            case "tuple" -> {
                expect(Kind.LT);
                List<Ast.TypeExpr> elements = new ArrayList<>();
                do {
                    if (peek().is(Kind.GT) && !elements.isEmpty()) {
                        break;
                    }
                    if (peek().is(Kind.GT)) {
                        throw peek().span().error("a tuple needs at least one element");
                    }
                    elements.add(type());
                } while (accept(Kind.COMMA));
                expect(Kind.GT);
                return new Ast.TupleOf(elements, span);
            }
            case "borrow", "own" -> {
                expect(Kind.LT);
                String resource = id();
                expect(Kind.GT);
                return new Ast.Handle(resource, token.text().equals("borrow"), span);
            }
            case "future", "stream" -> {
                Optional<Ast.TypeExpr> element = Optional.empty();
                if (accept(Kind.LT)) {
                    element = Optional.of(type());
                    expect(Kind.GT);
                }
                return token.text().equals("future")
                        ? new Ast.FutureOf(element, span)
                        : new Ast.StreamOf(element, span);
            }
            case "error-context" -> {
                return new Ast.ErrorContext(span);
            }
            default -> {
                if (KEYWORDS.contains(token.text())) {
                    throw span.error("expected a type, found keyword '" + token.text() + "'");
                }
                validateId(token);
                return new Ast.Named(token.text(), span);
            }
        }
    }

    private <T> List<T> braced(String what, String typeName, Supplier<T> element, Span span) {
        expect(Kind.LBRACE);
        List<T> elements = new ArrayList<>();
        while (!peek().is(Kind.RBRACE)) {
            elements.add(element.get());
            if (!accept(Kind.COMMA)) {
                break;
            }
        }
        expect(Kind.RBRACE);
        if (elements.isEmpty()) {
            throw span.error(what + " '" + typeName + "' needs at least one "
                    + switch (what) {
                        case "record" -> "field";
                        case "flags" -> "flag";
                        default -> "case";
                    });
        }
        return elements;
    }

    private Gates gates() {
        Optional<String> since = Optional.empty();
        Optional<String> unstable = Optional.empty();
        Optional<String> deprecated = Optional.empty();
        while (peek().is(Kind.AT)) {
            Token at = next();
            Token gate = expect(Kind.ID);
            expect(Kind.LPAREN);
            switch (gate.text()) {
                case "since" -> {
                    checkUnset(since, at, "@since");
                    since = Optional.of(gateValue("version", Kind.VERSION));
                    if (accept(Kind.COMMA)) {
                        gateValue("feature", Kind.ID);
                    }
                }
                case "unstable" -> {
                    checkUnset(unstable, at, "@unstable");
                    unstable = Optional.of(gateValue("feature", Kind.ID));
                }
                case "deprecated" -> {
                    checkUnset(deprecated, at, "@deprecated");
                    deprecated = Optional.of(gateValue("version", Kind.VERSION));
                }
                default ->
                    throw gate.span()
                            .error("unknown gate '@" + gate.text() + "'; expected @since, @unstable or @deprecated");
            }
            expect(Kind.RPAREN);
            if (since.isPresent() && unstable.isPresent()) {
                throw at.span().error("an item cannot be both @since and @unstable");
            }
        }
        return new Gates(since, unstable, deprecated);
    }

    private String gateValue(String key, Kind valueKind) {
        Token keyToken = expect(Kind.ID);
        if (!keyToken.text().equals(key)) {
            throw keyToken.span().error("expected '" + key + " = ...', found " + keyToken.describe());
        }
        expect(Kind.EQUALS);
        Token value = next();
        if (!value.is(valueKind)) {
            throw value.span()
                    .error("expected a " + (valueKind == Kind.VERSION ? "semantic version" : "feature name")
                            + ", found " + value.describe());
        }
        if (valueKind == Kind.ID) {
            validateId(value);
        }
        return value.text();
    }

    private static void checkUnset(Optional<String> gate, Token at, String name) {
        if (gate.isPresent()) {
            throw at.span().error(name + " given twice");
        }
    }

    private String id() {
        Token token = next();
        if (token.is(Kind.EXPLICIT_ID)) {
            validateId(token);
            return token.text();
        }
        if (!token.is(Kind.ID)) {
            throw token.span().error("expected an identifier, found " + token.describe());
        }
        if (KEYWORDS.contains(token.text())) {
            throw token.span()
                    .error("expected an identifier, found keyword '" + token.text() + "' (write %" + token.text()
                            + " to use it as a name)");
        }
        validateId(token);
        return token.text();
    }

    /** Identifiers are kebab-case words, each starting with a letter and all lowercase or all uppercase. */
    private static void validateId(Token token) {
        String id = token.text();
        for (String word : id.split("-", -1)) {
            if (word.isEmpty()) {
                throw token.span().error("'" + id + "' is not a valid identifier: empty word between hyphens");
            }
            if (!Character.isLetter(word.charAt(0))) {
                throw token.span().error("'" + id + "' is not a valid identifier: each word must start with a letter");
            }
            boolean lower = word.chars().noneMatch(c -> c >= 'A' && c <= 'Z');
            boolean upper = word.chars().noneMatch(c -> c >= 'a' && c <= 'z');
            if (!lower && !upper) {
                throw token.span()
                        .error("'" + id + "' is not a valid identifier: the word '" + word
                                + "' mixes upper and lower case");
            }
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (!token.is(Kind.EOF)) {
            index++;
        }
        return token;
    }

    private boolean accept(Kind kind) {
        if (peek().is(kind)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(Kind kind) {
        Token token = next();
        if (!token.is(kind)) {
            throw token.span().error("expected " + describe(kind) + ", found " + token.describe());
        }
        return token;
    }

    private Token expectKeyword(String keyword) {
        Token token = next();
        if (!token.isKeyword(keyword)) {
            throw token.span().error("expected '" + keyword + "', found " + token.describe());
        }
        return token;
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case ID, EXPLICIT_ID -> "an identifier";
            case INTEGER -> "an integer";
            case VERSION -> "a semantic version";
            case LBRACE -> "'{'";
            case RBRACE -> "'}'";
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case LT -> "'<'";
            case GT -> "'>'";
            case COMMA -> "','";
            case SEMICOLON -> "';'";
            case COLON -> "':'";
            case DOT -> "'.'";
            case EQUALS -> "'='";
            case ARROW -> "'->'";
            case SLASH -> "'/'";
            case AT -> "'@'";
            case STAR -> "'*'";
            case UNDERSCORE -> "'_'";
            case PLUS -> "'+'";
            case MINUS -> "'-'";
            case EOF -> "end of file";
        };
    }
}
