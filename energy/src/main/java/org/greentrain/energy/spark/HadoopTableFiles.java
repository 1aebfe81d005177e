package org.greentrain.energy.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** {@link TableFiles} of a directory on any Hadoop file system (HDFS, S3A, ...). */
final class HadoopTableFiles implements TableFiles {

  private final Configuration hadoop;
  private final Path root;
  private FileSystem fs;

  HadoopTableFiles(Configuration hadoop, String output) {
    this.hadoop = hadoop;
    this.root = new Path(output);
  }

  private Path resolve(String path) {
    return new Path(root, path);
  }

  private FileSystem fs() throws IOException {
    if (fs == null) {
      fs = root.getFileSystem(hadoop);
    }
    return fs;
  }

  @Override
  public boolean exists(String path) throws IOException {
    return fs().exists(resolve(path));
  }

  @Override
  public void write(String path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fs().create(resolve(path), false)) {
      out.write(bytes);
    }
  }

  @Override
  public void mkdirs(String dir) throws IOException {
    fs().mkdirs(resolve(dir));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    if (!fs().rename(resolve(from), resolve(to))) {
      throw new IOException("could not rename " + resolve(from) + " to " + resolve(to));
    }
  }

  @Override
  public void delete(String path) throws IOException {
    Path p = resolve(path);
    if (fs().exists(p) && !fs().delete(p, true)) {
      throw new IOException("could not delete " + p);
    }
  }

  @Override
  public void deleteIfEmpty(String dir) throws IOException {
    Path d = resolve(dir);
    if (fs().exists(d) && fs().listStatus(d).length == 0) {
      fs().delete(d, false);
    }
  }

  @Override
  public List<Entry> list(String dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (FileStatus s : fs().listStatus(resolve(dir))) {
      entries.add(new Entry(s.getPath().getName(), s.isDirectory()));
    }
    return entries;
  }

  @Override
  public long newestModified(String dir) throws IOException {
    long newest = 0;
    RemoteIterator<LocatedFileStatus> files = fs().listFiles(resolve(dir), true);
    while (files.hasNext()) {
      newest = Math.max(newest, files.next().getModificationTime());
    }
    return newest;
  }

  @Override
  public String describe(String path) {
    return resolve(path).toString();
  }
}
