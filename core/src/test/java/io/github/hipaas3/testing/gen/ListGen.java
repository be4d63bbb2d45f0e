package io.github.hipaas3.testing.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lists of generated values, with a size range.
 *
 * @param <T> the element type
 */
public final class ListGen<T> implements Gen<List<T>> {
  private final Gen<T> element;
  private final int min;
  private final int max;

  ListGen(Gen<T> element, int min, int max) {
    this.element = element;
    this.min = min;
    this.max = max;
  }

  /**
   * Lists of at least this size.
   *
   * @param size the minimum
   * @return the generator
   */
  public ListGen<T> ofMinSize(int size) {
    return new ListGen<>(element, size, Math.max(size, max));
  }

  /**
   * Lists of at most this size.
   *
   * @param size the maximum
   * @return the generator
   */
  public ListGen<T> ofMaxSize(int size) {
    return new ListGen<>(element, Math.min(min, size), size);
  }

  /**
   * Lists of exactly this size.
   *
   * @param size the size
   * @return the generator
   */
  public ListGen<T> ofSize(int size) {
    return new ListGen<>(element, size, size);
  }

  @Override
  public List<T> next(Random random) {
    int n = min + random.nextInt(max - min + 1);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.next(random));
    }
    return List.copyOf(out);
  }
}
