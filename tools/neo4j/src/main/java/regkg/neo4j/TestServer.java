package regkg.neo4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j Community DBMS (the server's own kernel, Bolt and auth) in this JVM, for regkg's tests.
 *
 * <p>Usage: TestServer HOME_DIR PASSWORD_FILE. Bolt listens on 127.0.0.1 on a port the OS picks; authentication
 * is on and user neo4j gets the password read from PASSWORD_FILE (set through the system database, as
 * neo4j-admin's set-initial-password would). Prints one line "REGKG-NEO4J READY port=N version=V" when Bolt
 * accepts connections, then serves until stdin closes or the process is terminated.
 */
public final class TestServer {
    private TestServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TestServer HOME_DIR PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        String password = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "regkg-neo4j-shutdown"));

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));

        GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int port = ((GraphDatabaseAPI) neo4j).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class).getLocalAddress(ConnectorType.BOLT).getPort();
        String version = org.neo4j.kernel.internal.Version.getNeo4jVersion();
        System.out.println("REGKG-NEO4J READY port=" + port + " version=" + version);
        System.out.flush();

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (stdin.readLine() != null) {
            // any input keeps serving; end of input (the parent closed the pipe or died) stops the server
        }
        System.exit(0);
    }
}
