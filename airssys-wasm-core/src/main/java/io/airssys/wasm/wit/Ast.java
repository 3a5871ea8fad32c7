package io.airssys.wasm.wit;

import java.util.List;
import java.util.Optional;

/** Syntax tree of one WIT file, before names are resolved. */
final class Ast {

    private Ast() {}

    record File(String path, Optional<PackageDecl> packageDecl, List<Item> items, List<NestedPackage> nested) {}

    record PackageDecl(PackageName name, String docs, Span span) {}

    record NestedPackage(PackageDecl decl, List<Item> items) {}

    record Gates(Optional<String> since, Optional<String> unstableFeature, Optional<String> deprecated) {
        static final Gates NONE = new Gates(Optional.empty(), Optional.empty(), Optional.empty());

        Stability toStability() {
            return new Stability(since, unstableFeature, deprecated);
        }
    }

    sealed interface Item permits TopUse, Interface, World {}

    /** {@code use ns:pkg/iface@v as alias;} at file level. */
    record TopUse(UsePath path, String alias, Span span) implements Item {}

    record Interface(String name, String docs, Gates gates, List<Member> members, Span span) implements Item {}

    record World(String name, String docs, Gates gates, List<Member> members, Span span) implements Item {}

    sealed interface UsePath permits LocalPath, ForeignPath {
        Span span();
    }

    record LocalPath(String name, Span span) implements UsePath {}

    record ForeignPath(PackageName packageName, String interfaceName, Span span) implements UsePath {}

    /** Something inside an interface or world body. */
    sealed interface Member permits Use, TypeDecl, Func, Import, Export, Include {
        Gates gates();
    }

    record Use(UsePath path, List<UseName> names, Gates gates, Span span) implements Member {}

    record UseName(String name, String alias, Span span) {
        String localName() {
            return alias != null ? alias : name;
        }
    }

    record TypeDecl(String name, String docs, Gates gates, TypeBody body, Span span) implements Member {}

    sealed interface TypeBody permits AliasBody, RecordBody, VariantBody, EnumBody, FlagsBody, ResourceBody {}

    record AliasBody(TypeExpr target) implements TypeBody {}

    record RecordBody(List<Field> fields) implements TypeBody {}

    record VariantBody(List<Case> cases) implements TypeBody {}

    record EnumBody(List<Name> cases) implements TypeBody {}

    record FlagsBody(List<Name> flags) implements TypeBody {}

    record ResourceBody(List<Func> functions) implements TypeBody {}

    record Field(String name, String docs, TypeExpr type, Span span) {}

    record Case(String name, String docs, Optional<TypeExpr> payload, Span span) {}

    record Name(String name, String docs, Span span) {}

    record Func(String name, String docs, Gates gates, FunctionKind kind, Signature signature, Span span)
            implements Member {}

    record Signature(boolean async, List<Param> params, Optional<TypeExpr> result, Span span) {}

    record Param(String name, TypeExpr type, Span span) {}

    sealed interface TypeExpr
            permits Primitive, Named, ListOf, OptionOf, ResultOf, TupleOf, Handle, FutureOf, StreamOf, ErrorContext {
        Span span();
    }

    record Primitive(WitPrimitive type, Span span) implements TypeExpr {}

    record Named(String name, Span span) implements TypeExpr {}

    record ListOf(TypeExpr element, Span span) implements TypeExpr {}

    record OptionOf(TypeExpr element, Span span) implements TypeExpr {}

    record ResultOf(Optional<TypeExpr> ok, Optional<TypeExpr> err, Span span) implements TypeExpr {}

    record TupleOf(List<TypeExpr> elements, Span span) implements TypeExpr {}

    record Handle(String resource, boolean borrowed, Span span) implements TypeExpr {}

    record FutureOf(Optional<TypeExpr> element, Span span) implements TypeExpr {}

    record StreamOf(Optional<TypeExpr> element, Span span) implements TypeExpr {}

    record ErrorContext(Span span) implements TypeExpr {}

    record Import(String name, ExternDecl decl, String docs, Gates gates, Span span) implements Member {}

    record Export(String name, ExternDecl decl, String docs, Gates gates, Span span) implements Member {}

    sealed interface ExternDecl permits PathRef, FuncDecl, InlineInterface {}

    record PathRef(UsePath path) implements ExternDecl {}

    record FuncDecl(Signature signature) implements ExternDecl {}

    record InlineInterface(List<Member> members) implements ExternDecl {}

    record Include(UsePath path, List<UseName> renames, Gates gates, Span span) implements Member {}
}
