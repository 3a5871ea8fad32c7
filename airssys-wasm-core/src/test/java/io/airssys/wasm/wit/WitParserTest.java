package io.airssys.wasm.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.airssys.wasm.wit.TypeDefKind.EnumKind;
import io.airssys.wasm.wit.TypeDefKind.FlagsKind;
import io.airssys.wasm.wit.TypeDefKind.RecordKind;
import io.airssys.wasm.wit.TypeDefKind.ResourceKind;
import io.airssys.wasm.wit.TypeDefKind.VariantKind;
import io.airssys.wasm.wit.WitType.HandleType;
import io.airssys.wasm.wit.WitType.ListType;
import io.airssys.wasm.wit.WitType.OptionType;
import io.airssys.wasm.wit.WitType.ResultType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WitParserTest {

    static Path resource(String name) {
        try {
            return Path.of(WitParserTest.class.getResource("/wit/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> validFiles() throws IOException {
        return Files.list(resource("valid")).sorted();
    }

    static Stream<Path> invalidFiles() throws IOException {
        return Files.list(resource("invalid")).sorted();
    }

    @ParameterizedTest
    @MethodSource("validFiles")
    void acceptsValidWit(Path file) {
        assertThat(WitParser.parse(file).mainPackage()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void rejectsInvalidWitWithFileLineAndColumn(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).replace("// error: ", "");

        WitParseException e = catchThrowableOfType(WitParseException.class, () -> WitParser.parse(file));

        assertThat(e).as("%s must be rejected", file.getFileName()).isNotNull();
        assertThat(e.getMessage()).contains(expected);
        assertThat(e.file()).isEqualTo(file.toString());
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
    }

    @Test
    void reportsTheExactPositionOfASyntaxError() {
        WitParseException e = catchThrowableOfType(
                WitParseException.class,
                () -> WitParser.parse("broken.wit", "package a:b;\ninterface i {\n  f: func(x: u8 y: u8);\n}"));

        assertThat(e.getMessage()).isEqualTo("broken.wit:3:17: expected ')', found 'y'");
    }

    @Test
    void resolvesEveryKindOfType() {
        WitInterface all = WitParser.parse(resource("valid/every-type.wit"))
                .findInterface("test:types/all@0.1.0")
                .orElseThrow();

        assertThat(all.type("point").orElseThrow().kind()).isInstanceOf(RecordKind.class);
        assertThat(all.type("shape").orElseThrow().kind())
                .isInstanceOfSatisfying(
                        VariantKind.class,
                        v -> assertThat(v.cases())
                                .extracting(TypeDefKind.Case::name)
                                .containsExactly("circle", "square", "nothing"));
        assertThat(all.type("color").orElseThrow().kind()).isEqualTo(new EnumKind(List.of("red", "green", "blue")));
        assertThat(all.type("perms").orElseThrow().kind()).isEqualTo(new FlagsKind(List.of("read", "write", "exec")));
        assertThat(all.type("blob").orElseThrow().kind()).isInstanceOf(ResourceKind.class);
        assertThat(all.type("alias").orElseThrow().unaliased()).isEqualTo(WitPrimitive.U32);
        assertThat(all.type("r3").orElseThrow().unaliased())
                .isEqualTo(new ResultType(Optional.empty(), Optional.of(WitPrimitive.STRING)));

        RecordKind nested = (RecordKind) all.type("nested").orElseThrow().kind();
        assertThat(nested.fields().get(0).type()).isSameAs(all.type("point").orElseThrow());
        assertThat(nested.fields().get(1).type()).isEqualTo(new ListType(WitPrimitive.STRING));
        assertThat(nested.fields().get(2).type())
                .isEqualTo(new OptionType(all.type("point").orElseThrow()));
    }

    @Test
    void namesResourceFunctionsTheWayTheyAreExported() {
        WitInterface all = WitParser.parse(resource("valid/every-type.wit"))
                .findInterface("test:types/all")
                .orElseThrow();
        TypeDef blob = all.type("blob").orElseThrow();

        assertThat(all.functions()).containsKeys("[constructor]blob", "[method]blob.read", "[static]blob.merge");
        WitFunction read = all.function("[method]blob.read").orElseThrow();
        assertThat(read.kind()).isEqualTo(FunctionKind.METHOD);
        assertThat(read.simpleName()).isEqualTo("read");
        assertThat(read.params().get(0)).isEqualTo(new WitFunction.Param("self", new HandleType(blob, true)));
        assertThat(all.function("[static]blob.merge").orElseThrow().result()).contains(new HandleType(blob, false));
        assertThat(all.function("async-fn").orElseThrow().async()).isTrue();
    }

    @Test
    void findsFunctionsByTheirCanonicalExportName() {
        WitResolve resolve = WitParser.parse(resource("valid/every-type.wit"));

        assertThat(resolve.findFunction("test:types/all@0.1.0#no-result")).isPresent();
        assertThat(resolve.findFunction("test:types/all@0.1.0#missing")).isEmpty();
        assertThat(resolve.findFunction("no-hash")).isEmpty();
    }

    @Test
    void useSharesTheSameTypeDefinitionAcrossInterfaces() {
        WitResolve resolve = WitParser.parse(resource("valid/uses-and-worlds.wit"));
        TypeDef item = resolve.findInterface("test:worlds/types")
                .orElseThrow()
                .type("item")
                .orElseThrow();
        WitInterface api = resolve.findInterface("test:worlds/api").orElseThrow();

        assertThat(api.type("item")).containsSame(item);
        assertThat(api.type("thing")).containsSame(item);
        assertThat(api.function("get").orElseThrow().result()).contains(new OptionType(item));
        assertThat(resolve.findInterface("test:worlds/later").orElseThrow().type("z"))
                .isPresent();
    }

    @Test
    void elaboratesWorldsWithIncludesAndImplicitImports() {
        WitResolve resolve = WitParser.parse(resource("valid/uses-and-worlds.wit"));
        WitWorld full = resolve.findWorld("full").orElseThrow();

        assertThat(full.imports())
                .containsKeys("test:worlds/api", "test:worlds/types", "log", "inline", "item", "local");
        assertThat(full.exports()).containsKeys("test:worlds/api", "run");
        assertThat(full.imports().get("log")).isInstanceOf(WorldItem.FunctionItem.class);
        assertThat(resolve.findWorld("renamed").orElseThrow().exports()).containsOnlyKeys("start");
        assertThat(resolve.findWorld("base").orElseThrow().imports())
                .as("an interface's dependencies are imported implicitly")
                .containsKeys("test:worlds/types", "test:worlds/api");
    }

    @Test
    void keepsDocsAndGatesAndLeavesOutDisabledFeatures() {
        WitResolve resolve = WitParser.parse(resource("valid/gates-docs-explicit.wit"));
        WitInterface stable = resolve.findInterface("test:gates/stable@1.2.0").orElseThrow();

        assertThat(resolve.mainPackage().docs()).isEqualTo("Package docs.");
        assertThat(stable.docs()).isEqualTo("Block docs\non two lines.");
        assertThat(stable.stability().since()).contains("1.0.0");
        assertThat(stable.function("add").orElseThrow().docs()).isEqualTo("Adds.");
        assertThat(stable.function("old").orElseThrow().stability().deprecated())
                .contains("1.2.0");
        assertThat(stable.functions()).doesNotContainKey("fancy").containsKey("record");
        assertThat(stable.function("record").orElseThrow().params().get(0).name())
                .isEqualTo("type");

        WitResolve withFeature =
                WitParser.create().withFeatures(Set.of("fancy")).parsePath(resource("valid/gates-docs-explicit.wit"));
        assertThat(withFeature.findInterface("test:gates/stable").orElseThrow().functions())
                .containsKey("fancy");
    }

    @Test
    void resolvesNestedPackagesAndTopLevelUseAliases() {
        WitResolve nested = WitParser.parse(resource("valid/nested-packages.wit"));
        assertThat(nested.packages())
                .extracting(p -> p.name().toString())
                .containsExactlyInAnyOrder("test:inner@2.0.0", "test:outer");
        assertThat(nested.mainPackage().name().toString()).isEqualTo("test:outer");

        WitResolve aliases = WitParser.parse(resource("valid/top-level-use.wit"));
        assertThat(aliases.findWorld("w").orElseThrow().imports()).containsKey("test:dep/things@1.0.0");
    }

    @Test
    void parsesADirectoryWithItsDeps() {
        WitResolve resolve = WitParser.parse(resource("dir-package"));

        assertThat(resolve.mainPackage().name().toString()).isEqualTo("test:dir@1.0.0");
        assertThat(resolve.mainPackage().worlds()).containsKey("drawing");
        assertThat(resolve.findWorld("drawing").orElseThrow().imports())
                .containsKeys("test:dir/geometry@1.0.0", "test:shapes/shapes@0.3.0");
    }

    @Test
    void refusesADirectoryWhoseFilesDeclareDifferentPackages(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("a.wit"), "package a:one;");
        Files.writeString(dir.resolve("b.wit"), "package a:two;");

        assertThatThrownBy(() -> WitParser.parse(dir))
                .isInstanceOf(WitParseException.class)
                .hasMessageContaining("package a:two differs from package a:one");
    }

    @Test
    void parsesTheProjectsOwnWitPackages() {
        Path wit = Path.of(System.getProperty("user.dir")).getParent().resolve("wit");
        WitResolve core = WitParser.parse(wit.resolve("core"));

        assertThat(core.mainPackage().name().toString()).isEqualTo("airssys:core@1.0.0");
        assertThat(core.findInterface("airssys:core/component-lifecycle@1.0.0")
                        .orElseThrow()
                        .functions())
                .containsOnlyKeys("initialize", "handle-message", "handle-callback", "metadata", "health", "shutdown");
        assertThat(core.findInterface("airssys:core/host-messaging@1.0.0")
                        .orElseThrow()
                        .functions())
                .containsOnlyKeys("send", "request", "cancel-request", "broadcast", "self-id");
        assertThat(core.findInterface("airssys:core/storage@1.0.0")
                        .orElseThrow()
                        .functions())
                .containsOnlyKeys("get", "set", "delete", "exists", "list-keys", "usage");
        assertThat(core.findWorld("component").orElseThrow().exports())
                .containsOnlyKeys("airssys:core/component-lifecycle@1.0.0");
        for (String extension : List.of("filesystem", "http", "process")) {
            assertThat(WitParser.parse(wit.resolve(extension))
                            .mainPackage()
                            .name()
                            .name())
                    .isEqualTo(extension);
        }
    }

    @Test
    void aConstructorReturnsAnOwnedHandleOfItsResource() {
        WitResolve resolve = WitParser.parse("ctor.wit", """
                package test:ctor@1.0.0;
                interface files {
                    resource file {
                        constructor(name: string);
                    }
                    resource checked {
                        constructor(name: string) -> result<checked, string>;
                    }
                }
                """);
        WitInterface files = resolve.findInterface("test:ctor/files@1.0.0").orElseThrow();

        WitFunction plain = files.function("[constructor]file").orElseThrow();
        assertThat(plain.result()).hasValueSatisfying(result -> {
            assertThat(result).isInstanceOf(HandleType.class);
            assertThat(((HandleType) result).borrowed()).isFalse();
            assertThat(((HandleType) result).resource().name()).isEqualTo("file");
        });
        assertThat(files.function("[constructor]checked").orElseThrow().result())
                .hasValueSatisfying(result -> assertThat(result).isInstanceOf(ResultType.class));
    }

    @Test
    void aResourceDeclaredInAWorldKeepsItsFunctions() {
        WitWorld world =
                WitParser.parse("world-resource.wit", """
                        package test:wr@1.0.0;
                        world w {
                            resource session {
                                constructor(user: string);
                                touch: func();
                                open: static func(id: u32) -> session;
                            }
                            export run: func(s: borrow<session>);
                        }
                        """).findWorld("w").orElseThrow();

        assertThat(world.imports())
                .containsKeys("session", "[constructor]session", "[method]session.touch", "[static]session.open");
        assertThat(world.imports().get("[method]session.touch"))
                .isInstanceOfSatisfying(
                        WorldItem.FunctionItem.class,
                        item -> assertThat(item.value().kind()).isEqualTo(FunctionKind.METHOD));
    }

    @Test
    void acceptsAByteOrderMarkAndAnEmptyUseList() {
        WitResolve resolve = WitParser.parse(
                "bom.wit",
                "\uFEFFpackage test:bom@1.0.0;\n"
                        + "interface types { type id = u32; }\n"
                        + "interface api { use types.{}; use types.{id,}; get: func() -> id; }\n");

        assertThat(resolve.findInterface("test:bom/api@1.0.0").orElseThrow().function("get"))
                .isPresent();
    }
}
