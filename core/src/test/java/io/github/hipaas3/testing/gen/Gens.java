package io.github.hipaas3.testing.gen;

import java.util.List;
import java.util.function.BiFunction;

/** Factories of generators. */
public final class Gens {
  private Gens() {}

  /** Integers in a range. */
  public static final class Ints {
    private Ints() {}

    /**
     * Integers from {@code min} to {@code max}, both included.
     *
     * @param min the minimum
     * @param max the maximum
     * @return the generator
     */
    public Gen<Integer> between(int min, int max) {
      return r -> (int) (min + (long) (r.nextDouble() * ((long) max - min + 1)));
    }
  }

  /** Longs in a range. */
  public static final class Longs {
    private Longs() {}

    /**
     * Longs from {@code min} to {@code max}, both included.
     *
     * @param min the minimum
     * @param max the maximum
     * @return the generator
     */
    public Gen<Long> between(long min, long max) {
      return r -> min + (long) (r.nextDouble() * (max - min + 1));
    }
  }

  /**
   * Integers; pick a range with {@code between}.
   *
   * @return the range builder
   */
  public static Ints integers() {
    return new Ints();
  }

  /**
   * Longs; pick a range with {@code between}.
   *
   * @return the range builder
   */
  public static Longs longs() {
    return new Longs();
  }

  /**
   * Any long.
   *
   * @return the generator
   */
  public static Gen<Long> anyLong() {
    return java.util.Random::nextLong;
  }

  /**
   * Strings of any UTF-16 code units, lengths 0 to 255 (narrow with the builder methods).
   *
   * @return the generator
   */
  public static StringGen strings() {
    return new StringGen(null, 0, 255);
  }

  /**
   * One of these values, equally likely.
   *
   * @param values the values
   * @param <T> the type
   * @return the generator
   */
  @SafeVarargs
  public static <T> Gen<T> of(T... values) {
    List<T> all = List.of(values);
    return r -> all.get(r.nextInt(all.size()));
  }

  /**
   * One of these values, equally likely.
   *
   * @param values the values
   * @param <T> the type
   * @return the generator
   */
  public static <T> Gen<T> of(java.util.Collection<T> values) {
    List<T> all = List.copyOf(values);
    return r -> all.get(r.nextInt(all.size()));
  }

  /**
   * Always this value.
   *
   * @param value the value
   * @param <T> the type
   * @return the generator
   */
  public static <T> Gen<T> just(T value) {
    return r -> value;
  }

  /**
   * A value of one of these generators, each equally likely.
   *
   * @param gens the generators
   * @param <T> the type
   * @return the generator
   */
  @SafeVarargs
  public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> all = List.of(gens);
    return r -> all.get(r.nextInt(all.size())).next(r);
  }

  /** Three arguments. */
  @FunctionalInterface
  public interface F3<A, B, C, R> {
    /** Applies. */
    R apply(A a, B b, C c);
  }

  /** Four arguments. */
  @FunctionalInterface
  public interface F4<A, B, C, D, R> {
    /** Applies. */
    R apply(A a, B b, C c, D d);
  }

  /** Five arguments. */
  @FunctionalInterface
  public interface F5<A, B, C, D, E, R> {
    /** Applies. */
    R apply(A a, B b, C c, D d, E e);
  }

  /** Six arguments. */
  @FunctionalInterface
  public interface F6<A, B, C, D, E, F, R> {
    /** Applies. */
    R apply(A a, B b, C c, D d, E e, F f);
  }

  /** Two generators to combine. */
  public record Combine2<A, B>(Gen<A> a, Gen<B> b) {
    /** The combined value. */
    public <R> Gen<R> as(BiFunction<? super A, ? super B, ? extends R> f) {
      return r -> f.apply(a.next(r), b.next(r));
    }
  }

  /** Three generators to combine. */
  public record Combine3<A, B, C>(Gen<A> a, Gen<B> b, Gen<C> c) {
    /** The combined value. */
    public <R> Gen<R> as(F3<? super A, ? super B, ? super C, ? extends R> f) {
      return r -> f.apply(a.next(r), b.next(r), c.next(r));
    }
  }

  /** Four generators to combine. */
  public record Combine4<A, B, C, D>(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d) {
    /** The combined value. */
    public <R> Gen<R> as(F4<? super A, ? super B, ? super C, ? super D, ? extends R> f) {
      return r -> f.apply(a.next(r), b.next(r), c.next(r), d.next(r));
    }
  }

  /** Five generators to combine. */
  public record Combine5<A, B, C, D, E>(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e) {
    /** The combined value. */
    public <R> Gen<R> as(
        F5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> f) {
      return r -> f.apply(a.next(r), b.next(r), c.next(r), d.next(r), e.next(r));
    }
  }

  /** Six generators to combine. */
  public record Combine6<A, B, C, D, E, F>(Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d, Gen<E> e,
      Gen<F> f) {
    /** The combined value. */
    public <R> Gen<R> as(
        F6<? super A, ? super B, ? super C, ? super D, ? super E, ? super F, ? extends R> fn) {
      return r -> fn.apply(a.next(r), b.next(r), c.next(r), d.next(r), e.next(r), f.next(r));
    }
  }

  /** Combines two generators. */
  public static <A, B> Combine2<A, B> combine(Gen<A> a, Gen<B> b) {
    return new Combine2<>(a, b);
  }

  /** Combines three generators. */
  public static <A, B, C> Combine3<A, B, C> combine(Gen<A> a, Gen<B> b, Gen<C> c) {
    return new Combine3<>(a, b, c);
  }

  /** Combines four generators. */
  public static <A, B, C, D> Combine4<A, B, C, D> combine(Gen<A> a, Gen<B> b, Gen<C> c,
      Gen<D> d) {
    return new Combine4<>(a, b, c, d);
  }

  /** Combines five generators. */
  public static <A, B, C, D, E> Combine5<A, B, C, D, E> combine(Gen<A> a, Gen<B> b, Gen<C> c,
      Gen<D> d, Gen<E> e) {
    return new Combine5<>(a, b, c, d, e);
  }

  /** Combines six generators. */
  public static <A, B, C, D, E, F> Combine6<A, B, C, D, E, F> combine(Gen<A> a, Gen<B> b,
      Gen<C> c, Gen<D> d, Gen<E> e, Gen<F> f) {
    return new Combine6<>(a, b, c, d, e, f);
  }
}
