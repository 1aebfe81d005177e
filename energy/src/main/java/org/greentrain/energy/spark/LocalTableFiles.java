package org.greentrain.energy.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@link TableFiles} of a local directory, with java.nio alone. */
final class LocalTableFiles implements TableFiles {

  private final Path root;

  LocalTableFiles(Path root) {
    this.root = root;
  }

  private Path resolve(String path) {
    return root.resolve(path);
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path));
  }

  @Override
  public void write(String path, byte[] bytes) throws IOException {
    Path file = resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public void mkdirs(String dir) throws IOException {
    Files.createDirectories(resolve(dir));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void delete(String path) throws IOException {
    Path top = resolve(path);
    if (!Files.exists(top)) {
      return;
    }
    try (Stream<Path> all = Files.walk(top)) {
      // Deepest first, so each directory is empty when its turn comes.
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void deleteIfEmpty(String dir) throws IOException {
    Path d = resolve(dir);
    if (Files.isDirectory(d)) {
      try (Stream<Path> children = Files.list(d)) {
        if (children.findAny().isPresent()) {
          return;
        }
      }
      Files.deleteIfExists(d);
    }
  }

  @Override
  public List<Entry> list(String dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(resolve(dir))) {
      for (Path p : children.toList()) {
        entries.add(new Entry(p.getFileName().toString(), Files.isDirectory(p)));
      }
    }
    return entries;
  }

  @Override
  public long newestModified(String dir) throws IOException {
    long newest = 0;
    try (Stream<Path> all = Files.walk(resolve(dir))) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
      }
    }
    return newest;
  }

  @Override
  public String describe(String path) {
    return resolve(path).toString();
  }
}
