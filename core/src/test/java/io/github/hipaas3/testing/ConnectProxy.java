package io.github.hipaas3.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP proxy on 127.0.0.1 that accepts only {@code CONNECT host:port} (the tunnel an
 * HTTPS client opens through a proxy), connects to the target, and pipes bytes both ways. It
 * counts the tunnels it opened and remembers their targets, so a test can show which requests
 * went through it. Anything but CONNECT is answered 405 and counted as refused. Closing it
 * closes every open tunnel, so pooled connections through it die with it.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public ConnectProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "connect-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** How many tunnels it opened. */
  public int connects() {
    return connects.get();
  }

  /** How many requests that were not CONNECT it refused. */
  public int refused() {
    return refused.get();
  }

  /** The {@code host:port} of each tunnel, in order. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread t = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void tunnel(Socket client) {
    try {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      String[] requestLine = head.split("\r\n", 2)[0].split(" ");
      OutputStream out = client.getOutputStream();
      if (requestLine.length < 2 || !"CONNECT".equals(requestLine[0])) {
        refused.incrementAndGet();
        out.write(("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        client.close();
        return;
      }
      String target = requestLine[1];
      int colon = target.lastIndexOf(':');
      Socket upstream = new Socket(target.substring(0, colon),
          Integer.parseInt(target.substring(colon + 1)));
      open.add(upstream);
      connects.incrementAndGet();
      targets.add(target);
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread back = new Thread(() -> pipe(upstream, client), "connect-proxy-pipe");
      back.setDaemon(true);
      back.start();
      pipe(client, upstream);
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the request head ended");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 16 * 1024) {
        throw new IOException("request head too long");
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }
}
