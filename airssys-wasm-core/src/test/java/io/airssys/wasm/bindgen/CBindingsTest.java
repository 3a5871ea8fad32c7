package io.airssys.wasm.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Names and shapes of the generated C, as wit-bindgen's C generator gives them. */
class CBindingsTest {

    private static CBindings.Files everything() {
        WitWorld world = WitParser.parse(Path.of("src/test/resources/bindgen/everything.wit"))
                .findWorld("everything")
                .orElseThrow();
        return CBindings.generate(world);
    }

    @Test
    void namesFilesTypesAndFunctionsAsWitBindgenDoes() {
        CBindings.Files files = everything();

        assertThat(files.headerName()).isEqualTo("everything.h");
        assertThat(files.sourceName()).isEqualTo("everything.c");
        assertThat(files.header())
                .contains(
                        "typedef struct everything_string_t {\n  uint8_t *ptr;\n  size_t len;\n} everything_string_t;")
                .contains("} test_all_types_bundle_t;")
                .contains("typedef uint8_t test_all_types_color_t;")
                .contains("#define TEST_ALL_TYPES_COLOR_BLUE 2")
                .contains("#define TEST_ALL_TYPES_PERMS_EXEC (1U << 2)")
                .contains("#define TEST_ALL_TYPES_SHAPE_POLYLINE 6")
                .contains("everything_list_string_t")
                .contains("everything_option_string_t maybe;")
                .contains("test_all_types_result_u32_string_t outcome;")
                .contains("everything_option_option_bool_t register_;")
                .contains(
                        "extern void test_all_host_echo_bundle(test_all_types_bundle_t *b, test_all_types_bundle_t *ret);")
                .contains("extern bool test_all_host_maybe_double(uint32_t *maybe_x, uint32_t *ret);")
                .contains("extern bool test_all_host_check(int32_t x, int32_t *ret, everything_string_t *err);")
                .contains("extern uint32_t everything_twice(uint32_t x);")
                .contains(
                        "void exports_test_all_guest_echo_bundle(test_all_types_bundle_t *b, test_all_types_bundle_t *ret);")
                .contains("bool exports_test_all_guest_returns_nothing(void);")
                .contains("void exports_everything_version(everything_string_t *ret);")
                .contains("void everything_string_dup(everything_string_t *ret, const char *s);")
                .contains("void test_all_types_bundle_free(test_all_types_bundle_t *ptr);");
        assertThat(files.source())
                .contains(
                        "__attribute__((__import_module__(\"test:all/host@1.0.0\"), __import_name__(\"echo-bundle\")))")
                .contains("__attribute__((__import_module__(\"$root\"), __import_name__(\"twice\")))")
                .contains("__attribute__((__export_name__(\"test:all/guest@1.0.0#echo-bundle\")))")
                .contains("__attribute__((__weak__, __export_name__(\"cabi_post_test:all/guest@1.0.0#echo-bundle\")))")
                .contains("__attribute__((__weak__, __export_name__(\"cabi_realloc\")))");
    }

    @Test
    void namesResourceTypesAndFunctionsAsWitBindgenDoes() {
        WitWorld world = WitParser.parse("r.wit", """
                        package test:res@1.0.0;
                        interface files {
                            resource file {
                                read: func() -> list<u8>;
                            }
                            open: func(name: string) -> file;
                        }
                        world w {
                            import files;
                        }
                        """).findWorld("w").orElseThrow();

        CBindings.Files files = CBindings.generate(world);

        assertThat(files.header())
                .contains("typedef struct test_res_files_own_file_t {")
                .contains("typedef struct test_res_files_borrow_file_t {")
                .contains("extern test_res_files_own_file_t test_res_files_open(w_string_t *name);")
                .contains("extern void test_res_files_method_file_read(test_res_files_borrow_file_t self,")
                .contains("void test_res_files_file_drop_own(test_res_files_own_file_t handle);")
                .contains("test_res_files_borrow_file_t test_res_files_borrow_file(test_res_files_own_file_t handle);");
        assertThat(files.source()).contains("__import_name__(\"[resource-drop]file\")");
        assertThatThrownBy(() -> AssemblyScriptBindings.generate(world, "impl"))
                .isInstanceOf(BindgenException.class)
                .hasMessageContaining("uses resource file; the AssemblyScript bindings do not support resources yet");
    }

    @Test
    void anExportedResourceGetsItsDestructorAndHelpersUnderItsCName() {
        WitWorld world = WitParser.parse("c.wit", """
                        package test:res@1.0.0;
                        interface carts {
                            resource shopping-cart {
                                constructor();
                                add-item: func(sku: string);
                            }
                        }
                        world w {
                            export carts;
                        }
                        """).findWorld("w").orElseThrow();

        CBindings.Files files = CBindings.generate(world);

        assertThat(files.header())
                .contains(
                        "typedef struct exports_test_res_carts_shopping_cart_t exports_test_res_carts_shopping_cart_t;")
                .contains(
                        "typedef exports_test_res_carts_shopping_cart_t *exports_test_res_carts_borrow_shopping_cart_t;")
                .contains(
                        "exports_test_res_carts_own_shopping_cart_t exports_test_res_carts_constructor_shopping_cart(void);")
                .contains("void exports_test_res_carts_method_shopping_cart_add_item("
                        + "exports_test_res_carts_borrow_shopping_cart_t self, w_string_t *sku);")
                .contains(
                        "void exports_test_res_carts_shopping_cart_destructor(exports_test_res_carts_shopping_cart_t *rep);");
        assertThat(files.source())
                .contains("__export_name__(\"test:res/carts@1.0.0#[dtor]shopping-cart\")")
                .contains(
                        "__import_module__(\"[export]test:res/carts@1.0.0\"), __import_name__(\"[resource-new]shopping-cart\")");
    }
}
