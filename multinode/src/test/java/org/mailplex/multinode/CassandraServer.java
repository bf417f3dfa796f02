/****************************************************************
 * Licensed to the Apache Software Foundation (ASF) under one   *
 * or more contributor license agreements.  See the NOTICE file *
 * distributed with this work for additional information        *
 * regarding copyright ownership.  The ASF licenses this file   *
 * to you under the Apache License, Version 2.0 (the            *
 * "License"); you may not use this file except in compliance   *
 * with the License.  You may obtain a copy of the License at   *
 *                                                              *
 *   http://www.apache.org/licenses/LICENSE-2.0                 *
 *                                                              *
 * Unless required by applicable law or agreed to in writing,   *
 * software distributed under the License is distributed on an  *
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY       *
 * KIND, either express or implied.  See the License for the    *
 * specific language governing permissions and limitations      *
 * under the License.                                           *
 ****************************************************************/

package org.mailplex.multinode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * A real Apache Cassandra 5.0 ({@code org.apache.cassandra.service.CassandraDaemon} from the
 * {@code cassandra-all} jars) in a JVM of its own, on loopback with its own free ports and folders
 * and the Java 17 flags of Cassandra's {@code conf/jvm17-server.options}. The classpath comes from
 * {@code multinode/cassandra-server/target/classpath.txt}.
 */
public final class CassandraServer implements AutoCloseable {
    public static final String KEYSPACE = "mailplex";

    private static final List<String> JVM17_FLAGS = List.of(
        "-Djdk.attach.allowAttachSelf=true",
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
        "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
        "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
        "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "-Dio.netty.tryReflectionSetAccessible=true");

    private final Process process;
    private final int cqlPort;
    private final Path folder;
    private final Duration startedIn;

    private CassandraServer(Process process, int cqlPort, Path folder, Duration startedIn) {
        this.process = process;
        this.cqlPort = cqlPort;
        this.folder = folder;
        this.startedIn = startedIn;
    }

    /** Starts Cassandra in {@code folder} (wiped first) and waits until it answers CQL, with keyspace {@value #KEYSPACE}. */
    public static CassandraServer start(Path folder, Duration timeout) throws Exception {
        String classpath = Files.readString(Paths.get(System.getProperty("cassandra.classpath.file",
            "multinode/cassandra-server/target/classpath.txt"))).trim();
        deleteRecursively(folder);
        Files.createDirectories(folder);
        int cqlPort = freePort();
        int storagePort = freePort();
        Path yaml = folder.resolve("cassandra.yaml");
        Files.writeString(yaml, String.join("\n",
            "cluster_name: mailplex-multinode",
            "num_tokens: 1",
            "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
            "data_file_directories: [" + folder.resolve("data") + "]",
            "commitlog_directory: " + folder.resolve("commitlog"),
            "saved_caches_directory: " + folder.resolve("saved_caches"),
            "hints_directory: " + folder.resolve("hints"),
            "cdc_raw_directory: " + folder.resolve("cdc"),
            "commitlog_sync: periodic",
            "commitlog_sync_period: 10000ms",
            "seed_provider:",
            "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
            "    parameters:",
            "      - seeds: \"127.0.0.1:" + storagePort + "\"",
            "listen_address: 127.0.0.1",
            "rpc_address: 127.0.0.1",
            "storage_port: " + storagePort,
            "native_transport_port: " + cqlPort,
            "start_native_transport: true",
            "endpoint_snitch: SimpleSnitch",
            "auto_snapshot: false",
            ""), StandardCharsets.UTF_8);
        Path logback = folder.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
            + "<file>" + folder.resolve("cassandra.log") + "</file><encoder><pattern>%d %-5level [%thread] %logger{20} %msg%n</pattern>"
            + "</encoder></appender><root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx768m");
        command.add("-XX:+UseG1GC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(JVM17_FLAGS);
        command.add("-Dcassandra.config=" + yaml.toUri());
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.storagedir=" + folder);
        command.add("-Dlogback.configurationFile=" + logback);
        command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        command.add("-Dcassandra.ring_delay_ms=1000");
        command.add("-cp");
        command.add(classpath);
        command.add("org.apache.cassandra.service.CassandraDaemon");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("stdout.log").toFile())
            .start();
        CassandraServer server = new CassandraServer(process, cqlPort, folder, Duration.ZERO);
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited with " + process.exitValue() + "; see " + folder.resolve("stdout.log"));
            }
            try (CqlSession session = server.plainSession()) {
                session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Cassandra did not answer CQL within " + timeout + "; see " + folder, e);
                }
                Thread.sleep(500);
            }
        }
        return new CassandraServer(process, cqlPort, folder, Duration.ofNanos(System.nanoTime() - start));
    }

    private CqlSession plainSession() {
        return CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", cqlPort))
            .withLocalDatacenter("datacenter1")
            .build();
    }

    /** A session on keyspace {@value #KEYSPACE}, as James's Cassandra backend gives one. */
    public CqlSession session() {
        return CqlSession.builder()
            .addContactPoint(new InetSocketAddress("127.0.0.1", cqlPort))
            .withLocalDatacenter("datacenter1")
            .withKeyspace(KEYSPACE)
            .build();
    }

    public int cqlPort() {
        return cqlPort;
    }

    public Duration startedIn() {
        return startedIn;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
