package io.github.hipaas3.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log event of every logger (root, all levels) while open. */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Level previous = root.getLevel();
  /** Events also arrive from background threads (the audit writer). */
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  {
    appender.list = new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
  }

  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Every formatted message, with throwable messages, one string per event. */
  public List<String> lines() {
    return appender.list.stream().map(e -> {
      StringBuilder line = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " "
          + e.getFormattedMessage());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      return line.toString();
    }).collect(Collectors.toList());
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
  }
}
