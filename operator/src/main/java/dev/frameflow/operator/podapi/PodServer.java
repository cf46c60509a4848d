package dev.frameflow.operator.podapi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the pod-facing endpoint: Netty (already in the operator, under the AWS SDK),
 * so that a connection waiting for bytes holds no thread. Each connection carries one request,
 * which must arrive whole — request line, headers and body — within {@code requestTimeout} of the
 * connection opening, or the connection is closed; the request line, headers and body are bounded
 * ({@code 431}, {@code 413}). Complete requests are handled by a fixed pool of {@code threads} with
 * a bounded queue ({@code 503} with {@code Retry-After} beyond it), after the caller's limits
 * ({@link CallerLimits}: connections, requests in flight, rate; {@code 429}). A pod that trickles
 * its headers, floods requests or sends an endless body so costs others nothing but a connection
 * slot of its own, for {@code requestTimeout} at most.
 */
final class PodServer implements AutoCloseable {

  /**
   * @param requestTimeout from a connection's opening to its whole request, and from the answer to
   *     its last byte sent
   * @param maxHeaderBytes request line and headers
   * @param maxBodyBytes the body
   * @param threads workers handling complete requests
   * @param queue complete requests waiting for a worker
   */
  record Settings(
      Duration requestTimeout,
      int maxHeaderBytes,
      int maxBodyBytes,
      int threads,
      int queue,
      CallerLimits.Settings callers) {}

  private static final Logger log = LoggerFactory.getLogger(PodServer.class);

  /** The close scheduled for a connection whose request is not whole in time. */
  private static final AttributeKey<ScheduledFuture<?>> REQUEST_DEADLINE =
      AttributeKey.valueOf("frameflow.request-deadline");

  private final Settings settings;
  private final CallerLimits limits;
  private final Map<String, PodExchange.Route> routes =
      new ConcurrentSkipListMap<String, PodExchange.Route>().descendingMap();
  private final ExecutorService workers;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final Channel listening;

  private PodServer(Settings settings, int port) throws IOException {
    this.settings = settings;
    this.limits = new CallerLimits(settings.callers(), System::nanoTime);
    this.workers =
        new ThreadPoolExecutor(
            settings.threads(),
            settings.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queue()),
            r -> {
              Thread t = new Thread(r, "pod-endpoint");
              t.setDaemon(true);
              return t;
            });
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      this.listening =
          new ServerBootstrap()
              .group(boss, io)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 256)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(new Admission())
                          .addLast(
                              new HttpServerCodec(
                                  new HttpDecoderConfig()
                                      .setMaxInitialLineLength(settings.maxHeaderBytes())
                                      .setMaxHeaderSize(settings.maxHeaderBytes())))
                          .addLast(new HttpObjectAggregator(settings.maxBodyBytes()))
                          .addLast(new Dispatch());
                    }
                  })
              .bind(new InetSocketAddress(port))
              .sync()
              .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while binding port " + port, e);
    } catch (RuntimeException e) {
      close();
      throw new java.net.BindException("cannot listen on port " + port + ": " + e.getMessage());
    }
  }

  /** Listens on {@code port} (0: any free one) on every interface. */
  static PodServer start(Settings settings, int port) throws IOException {
    return new PodServer(settings, port);
  }

  int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  /** Serves {@code route} for paths starting with {@code prefix} (the longest prefix wins). */
  void route(String prefix, PodExchange.Route route) {
    routes.put(prefix, route);
  }

  private PodExchange.Route routeFor(String path) {
    for (Map.Entry<String, PodExchange.Route> e : routes.entrySet()) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String callerOf(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress()
        : String.valueOf(channel.remoteAddress());
  }

  /**
   * Admits the connection under the caller's and everyone's connection caps, and closes it when its
   * request is not whole within the request timeout.
   */
  private final class Admission extends ChannelInboundHandlerAdapter {
    private boolean admitted;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      admitted = limits.connect(callerOf(ctx.channel()));
      if (!admitted) {
        ctx.close();
        return;
      }
      ctx.channel().attr(REQUEST_DEADLINE).set(closeAfterTimeout(ctx));
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      cancelRequestDeadline(ctx.channel());
      if (admitted) {
        limits.disconnect(callerOf(ctx.channel()));
        admitted = false;
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a reset connection, a malformed request: nothing to answer
      ctx.close();
    }
  }

  /** One whole request: the caller's limits, then a worker, then the answer and the close. */
  private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
    private boolean served;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (served) {
        return; // one request per connection: a pipelined one gets nothing
      }
      served = true;
      // the request is whole: its deadline is met; the answer gets one of its own
      cancelRequestDeadline(ctx.channel());
      ctx.channel().config().setAutoRead(false);
      if (request.decoderResult().isFailure()) {
        answer(ctx, PodExchange.Answer.of(431));
        return;
      }
      String caller = callerOf(ctx.channel());
      CallerLimits.Verdict verdict = limits.admit(caller);
      if (verdict != CallerLimits.Verdict.ADMITTED) {
        answer(ctx, retryLater(429));
        return;
      }
      String path = new QueryStringDecoder(request.uri()).path();
      PodExchange.Route route = routeFor(path);
      if (route == null) {
        limits.done(caller);
        answer(ctx, PodExchange.Answer.of(404));
        return;
      }
      PodExchange exchange =
          new PodExchange(
              request.method().name(),
              path,
              request.headers().get(HttpHeaderNames.AUTHORIZATION),
              ByteBufUtil.getBytes(request.content()),
              caller);
      try {
        workers.execute(() -> handle(ctx, route, exchange));
      } catch (RejectedExecutionException e) {
        limits.done(caller);
        answer(ctx, retryLater(503));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private void handle(ChannelHandlerContext ctx, PodExchange.Route route, PodExchange exchange) {
    PodExchange.Answer answer;
    try {
      answer = route.handle(exchange);
    } catch (RuntimeException e) {
      log.warn("pod request failed: {}", e.toString());
      answer = PodExchange.Answer.of(500);
    } finally {
      limits.done(exchange.caller());
    }
    answer(ctx, answer);
  }

  private static PodExchange.Answer retryLater(int status) {
    return new PodExchange.Answer(status, Map.of("Retry-After", "1"), new byte[0]);
  }

  /**
   * Writes the answer, then closes; a caller that does not read it is cut off after the timeout.
   */
  private void answer(ChannelHandlerContext ctx, PodExchange.Answer answer) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(answer.body()));
    answer.headers().forEach((name, value) -> response.headers().set(name, value));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    closeAfterTimeout(ctx);
  }

  private static void cancelRequestDeadline(Channel channel) {
    ScheduledFuture<?> deadline = channel.attr(REQUEST_DEADLINE).getAndSet(null);
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** Closes the connection once the request timeout has passed (unless cancelled first). */
  private ScheduledFuture<?> closeAfterTimeout(ChannelHandlerContext ctx) {
    return ctx.executor()
        .schedule(
            () -> {
              ctx.close();
            },
            settings.requestTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (listening != null) {
      listening.close().awaitUninterruptibly();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownNow();
  }
}
