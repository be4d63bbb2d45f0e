package io.github.hipaas3.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reads in blocks only: the single-byte {@link #read()} reads a block of
 * one through {@link #read(byte[], int, int)}, which subclasses implement.
 */
public abstract class BlockInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
