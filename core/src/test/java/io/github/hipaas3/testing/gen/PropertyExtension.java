package io.github.hipaas3.testing.gen;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link PropertyTest}: the first case through JUnit (its parameters resolved here), the
 * others in a loop on the same test instance; a failing case is reported with its number, the
 * seed and its values.
 */
public final class PropertyExtension implements ParameterResolver, InvocationInterceptor {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(PropertyExtension.class);

  /** The generators, the seeded source and the first case of one property. */
  private static final class Run {
    final long seed;
    final Random random;
    final List<Gen<?>> gens;
    Object[] first;

    Run(long seed, List<Gen<?>> gens) {
      this.seed = seed;
      this.random = new Random(seed);
      this.gens = gens;
    }

    Object[] next() {
      Object[] row = new Object[gens.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = gens.get(i).next(random);
      }
      return row;
    }
  }

  private static Run run(ExtensionContext context) {
    return context.getStore(NS).getOrComputeIfAbsent("run", k -> {
      Method method = context.getRequiredTestMethod();
      PropertyTest property = method.getAnnotation(PropertyTest.class);
      Object instance = context.getRequiredTestInstance();
      List<Gen<?>> gens = new ArrayList<>();
      for (String name : property.value()) {
        gens.add(gen(instance, name));
      }
      String override = System.getProperty("hipaas3.seed");
      long seed = override != null ? Long.parseLong(override)
          : (instance.getClass().getName() + "#" + method.getName()).hashCode();
      return new Run(seed, gens);
    }, Run.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getDeclaringExecutable().isAnnotationPresent(PropertyTest.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Run run = run(context);
    if (run.first == null) {
      run.first = run.next();
    }
    return run.first[parameter.getIndex()];
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context)
      throws Throwable {
    Run run = run(context);
    int tries = invocationContext.getExecutable().getAnnotation(PropertyTest.class).tries();
    Object[] first = run.first != null ? run.first : new Object[0];
    try {
      invocation.proceed();
    } catch (Throwable t) {
      throw failed(0, tries, run.seed, first, t);
    }
    Method method = invocationContext.getExecutable();
    method.setAccessible(true);
    Object target = invocationContext.getTarget().orElse(null);
    for (int i = 1; i < tries; i++) {
      Object[] row = run.next();
      try {
        method.invoke(target, row);
      } catch (InvocationTargetException e) {
        throw failed(i, tries, run.seed, row, e.getCause());
      }
    }
  }

  private static AssertionError failed(int index, int tries, long seed, Object[] row,
      Throwable cause) {
    return new AssertionError("case " + (index + 1) + " of " + tries + " failed (seed " + seed
        + "; run again with -Dhipaas3.seed=" + seed + "): " + Arrays.deepToString(row), cause);
  }

  private static Gen<?> gen(Object instance, String name) {
    if (name.equals("anyString")) {
      return Gens.strings();
    }
    if (name.equals("anyLong")) {
      return Gens.anyLong();
    }
    for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0
            && Gen.class.isAssignableFrom(m.getReturnType())) {
          try {
            m.setAccessible(true);
            return (Gen<?>) m.invoke(instance);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Generator " + name + "() failed", e);
          }
        }
      }
    }
    throw new IllegalArgumentException("No generator method " + name + "() returning a Gen in "
        + instance.getClass().getName());
  }
}
