package dev.sluice.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * A TCP proxy on loopback in front of a real server (the fabric8 Kubernetes test server, a fake HTTP endpoint) that
 * a test can take down and bring back: {@link #cut()} resets every open connection and every new one, like an
 * API server that is down behind its load balancer; {@link #restore()} forwards again. The address stays the same
 * throughout, so the service under test is configured once with {@link #url}.
 */
public final class OutageProxy implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutageProxy.class.getName());

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "outage-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean down;
    private volatile boolean closed;

    public OutageProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy's port", e);
        }
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code scheme://127.0.0.1:<port>}. */
    public String url(String scheme) {
        return scheme + "://" + server.getInetAddress().getHostAddress() + ":" + port();
    }

    /** The outage begins: open connections are reset, new ones are accepted and reset at once. */
    public void cut() {
        down = true;
        open.forEach(OutageProxy::resetQuietly);
        open.clear();
        LOG.info(() -> "outage: " + url("tcp") + " no longer reaches " + targetHost + ":" + targetPort);
    }

    /** The outage ends. */
    public void restore() {
        down = false;
        LOG.info(() -> "outage over: " + url("tcp") + " reaches " + targetHost + ":" + targetPort + " again");
    }

    public boolean isDown() {
        return down;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning("proxy accept failed: " + e);
                }
                return;
            }
            if (down) {
                resetQuietly(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket();
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        } catch (IOException e) {
            resetQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (down) { // cut while this connection was being made
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        threads.execute(() -> pipe(client, upstream));
        pipe(upstream, client);
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away; the other is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, as a dead endpoint behind a load balancer answers
        } catch (IOException ignored) {
            // closing is what matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(open);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        threads.shutdownNow();
    }

    private static void closeQuietly(Set<Socket> sockets) {
        sockets.forEach(OutageProxy::closeQuietly);
        sockets.clear();
    }
}
