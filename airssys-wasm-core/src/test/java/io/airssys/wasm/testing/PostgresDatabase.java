package io.airssys.wasm.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh databases on the PostgreSQL server {@code .ci/run} starts (its URL in
 * {@value #URL_VARIABLE}, e.g. {@code jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres}).
 * Without one, a test is skipped with a loud message; in CI ({@code CI=true}) it fails.
 */
public final class PostgresDatabase {

    public static final String URL_VARIABLE = "AIRSSYS_WASM_TEST_POSTGRES_URL";

    private PostgresDatabase() {}

    /** A new, empty database. */
    public static DataSource fresh() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String message = "no PostgreSQL server for this test: " + URL_VARIABLE + " is not set"
                    + " (.ci/run starts one; apt-get install postgresql)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; CI must run this test");
            }
            System.err.println("*** SKIPPED: " + message);
            Assumptions.abort(message);
        }
        String name = "airssys_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(url);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url + ": " + e.getMessage(), e);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
        return dataSource;
    }
}
