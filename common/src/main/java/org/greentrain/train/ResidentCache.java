package org.greentrain.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Values an executor keeps between tasks, such as a shard's model, keyed by what they were built
 * for. A task {@link #take takes} its value out (or builds one when there is none for its exact
 * key), uses it alone, and {@link #giveBack gives it back}; so two tasks never share a value, and a
 * task that fails simply closes what it took instead of giving it back.
 *
 * <p>At most {@code capacity} values are kept; giving back one more closes the least recently used.
 * Thread-safe; closing happens outside the lock.
 */
public final class ResidentCache<K, V extends AutoCloseable> {

  private final int capacity;
  private final LinkedHashMap<K, V> values = new LinkedHashMap<>(16, 0.75f, true);
  private long builds;

  public ResidentCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("Invalid cache capacity: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The value kept for {@code key}, removed from the cache, or a new one from {@code build}. */
  public V take(K key, Supplier<V> build) {
    synchronized (this) {
      V kept = values.remove(key);
      if (kept != null) {
        return kept;
      }
      builds++;
    }
    return build.get();
  }

  /** Keeps {@code value} for {@code key}, closing any value it replaces or pushes out. */
  public void giveBack(K key, V value) {
    List<V> closing = new ArrayList<>();
    synchronized (this) {
      V old = values.put(key, value);
      if (old != null && old != value) {
        closing.add(old);
      }
      Iterator<Map.Entry<K, V>> it = values.entrySet().iterator();
      while (values.size() > capacity && it.hasNext()) {
        closing.add(it.next().getValue());
        it.remove();
      }
    }
    closeAll(closing);
  }

  /** Closes and forgets every value whose key matches; returns how many. */
  public int evict(Predicate<K> match) {
    List<V> closing = new ArrayList<>();
    synchronized (this) {
      Iterator<Map.Entry<K, V>> it = values.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<K, V> e = it.next();
        if (match.test(e.getKey())) {
          closing.add(e.getValue());
          it.remove();
        }
      }
    }
    closeAll(closing);
    return closing.size();
  }

  /** Values kept now. */
  public synchronized int size() {
    return values.size();
  }

  /** Values {@link #take} has had to build so far. */
  public synchronized long builds() {
    return builds;
  }

  private static <V extends AutoCloseable> void closeAll(List<V> closing) {
    RuntimeException failure = null;
    for (V v : closing) {
      try {
        v.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Cannot free a cached value", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
