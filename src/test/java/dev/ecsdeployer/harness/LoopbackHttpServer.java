package dev.ecsdeployer.harness;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The test JVM's local HTTP servers (proxies, gateways, fake endpoints): on loopback, a free port, Nagle off. */
public final class LoopbackHttpServer {

    static {
        // com.sun.net.httpserver leaves Nagle's algorithm on: a response's headers and body go out as two small
        // writes and the second waits for the client's delayed ACK, 40 ms per exchange on loopback. It reads the
        // setting once, when the JVM's first HttpServer is created, so every server is created here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer() {
    }

    /** An unstarted server on a free loopback port; {@code backlog} 0 is the system's default. */
    public static HttpServer create(int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }
}
