// The output error model: every failure to create, write or move an output is ErrorKind::Io
// naming the path and the OS reason, and nothing is left where the output should be — on a
// full disk too (tests/support/full_disk.hpp: a small tmpfs, or a file-size limit).

#include <algorithm>
#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"
#include "equiroute/geodata/feature_builder.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "fixtures.hpp"
#include "support.hpp"
#include "support/full_disk.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;
namespace fs = std::filesystem;

namespace {

template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no equiroute::Error thrown");
  return Error("");
}

/// `n` points with a long text attribute: a layer of roughly n × 120 bytes in any format.
FeatureSet many_points(std::size_t n) {
  std::vector<std::string> ids;
  std::vector<LonLat> points;
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < n; ++i) {
    ids.push_back("P" + std::to_string(i));
    points.push_back({113.0 + 1e-4 * static_cast<double>(i), 28.0});
    notes.push_back(std::string(80, static_cast<char>('a' + i % 26)));
  }
  FeatureSet fs = point_features("pts", "id", ids, points);
  set_column(fs, "note", notes);
  return fs;
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("a full disk is an Io error naming the output, and leaves nothing",
          "[geodata][writer][errors][diskfull]") {
  TempDir dir;
  test::FullDisk disk(dir / "disk", 64 * 1024);
  INFO("mechanism: " << (disk.is_tmpfs() ? "tmpfs" : "RLIMIT_FSIZE"));
  const FeatureSet big = many_points(2000);  // ~250 kB in every format
  for (const char* name : {"out.geojson", "out.gpkg", "out.csv", "out.shp"}) {
    SECTION(name) {
      const fs::path target = disk / name;
      auto limit = disk.limit();
      const Error e = error_of([&] { write_layer(big, target); });
      CHECK(e.kind() == ErrorKind::Io);
      CHECK(e.exit_code() == 3);
      CHECK(e.context().file.find(disk.path().string()) == 0);
      CHECK_THAT(e.what(), Catch::Contains(disk.reason()));
      CHECK(listing(disk.path()).empty());
    }
  }
  SECTION("write_text_atomic") {
    const fs::path target = disk / "equity.json";
    auto limit = disk.limit();
    const Error e = error_of([&] { write_text_atomic(target, std::string(200 * 1024, 'x')); });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(e.context().file == target.string());
    CHECK_THAT(e.what(),
               Catch::Contains("cannot write the output") && Catch::Contains(disk.reason()));
    CHECK(listing(disk.path()).empty());
  }
  SECTION("an earlier output stays as it was") {
    const fs::path target = disk / "summary.csv";
    write_text_atomic(target, "old\n");
    auto limit = disk.limit();
    CHECK_THROWS_AS(write_text_atomic(target, std::string(200 * 1024, 'x')), Error);
    CHECK(test::read_file(target) == "old\n");
    CHECK(listing(disk.path()) == std::vector<std::string>{"summary.csv"});
  }
  SECTION("small outputs still fit") {
    auto limit = disk.limit();
    write_layer(many_points(3), disk / "small.geojson");
    CHECK(fs::is_regular_file(disk / "small.geojson"));
  }
}

TEST_CASE("output paths that cannot be written are Io errors", "[geodata][writer][errors]") {
  TempDir dir;
  const FeatureSet pts = many_points(2);
  SECTION("a directory where the file should go") {
    fs::create_directory(dir / "out.geojson");
    const Error e = error_of([&] { write_layer(pts, dir / "out.geojson"); });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK_THAT(e.what(), Catch::Contains("is an existing directory"));
    CHECK(fs::is_empty(dir / "out.geojson"));
    CHECK(listing(dir.path()).size() == 1);
    CHECK(error_of([&] { write_text_atomic(dir / "out.geojson", "x"); }).kind() == ErrorKind::Io);
  }
  SECTION("a missing directory") {
    const Error e = error_of([&] { write_text_atomic(dir / "no/such/out.csv", "x"); });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK_THAT(e.what(), Catch::Contains("directory does not exist"));
  }
  SECTION("a file where a directory should be") {
    test::write_file(dir / "file", "x");
    const Error e = error_of([&] { write_layer(pts, dir / "file" / "out.gpkg"); });
    CHECK(e.kind() == ErrorKind::Io);
  }
  SECTION("a read-only file system") {
    // /proc refuses file creation for root too (EACCES/ENOENT), unlike chmod'ed directories.
    const Error e = error_of([] { write_text_atomic("/proc/equiroute-test.csv", "x"); });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(e.context().file == "/proc/equiroute-test.csv");
    CHECK_THAT(e.what(), Catch::Contains("cannot create the output: "));
  }
  SECTION("an input is refused as bad input, and kept") {
    test::write_file(dir / "in.csv", "id\n1\n");
    const Error e = error_of([&] { write_text_atomic(dir / "in.csv", "x", {dir / "in.csv"}); });
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK(test::read_file(dir / "in.csv") == "id\n1\n");
  }
}

TEST_CASE("AtomicFileWriter streams, and removes its temporary unless committed",
          "[geodata][atomic]") {
  TempDir dir;
  {
    AtomicFileWriter out(dir / "a.csv");
    for (int i = 0; i < 10000; ++i) out.write("0123456789\n");
    out.write(std::string(100000, 'z'));  // larger than the buffer: written straight through
  }
  CHECK(listing(dir.path()).empty());
  AtomicFileWriter out(dir / "a.csv");
  for (int i = 0; i < 10000; ++i) out.write("0123456789\n");
  out.write(std::string(100000, 'z'));
  out.commit();
  const std::string text = test::read_file(dir / "a.csv");
  CHECK(text.size() == 210000);
  CHECK(text.substr(0, 11) == "0123456789\n");
  CHECK(text.back() == 'z');
  CHECK(listing(dir.path()) == std::vector<std::string>{"a.csv"});
}

TEST_CASE("AtomicOutput stages directories", "[geodata][atomic]") {
  TempDir dir;
  fs::create_directory(dir / "run");
  test::write_file(dir / "run" / "old.txt", "old");
  {
    AtomicOutput out(dir / "run");
    out.create_directory();
    write_text_atomic(out.temp_path() / "new.txt", "new");
    out.commit();
  }
  CHECK(listing(dir / "run") == std::vector<std::string>{"new.txt"});
  CHECK(listing(dir.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("OutputTransaction publishes a command's outputs together or not at all",
          "[geodata][atomic][diskfull]") {
  TempDir dir;
  test::FullDisk disk(dir / "disk", 64 * 1024);
  const fs::path out = disk / "results" / "equity";
  SECTION("a full disk at the third file leaves no file and no directory") {
    auto limit = disk.limit();
    const Error e = error_of([&] {
      OutputTransaction t;
      t.create_directories(out);
      t.write_text(out / "equity.json", "{}\n");
      t.write_text(out / "equity.csv", "a,b\n");
      t.write_text(out / "densities.csv", std::string(200 * 1024, 'x'));
      t.commit();
    });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(e.context().file == (out / "densities.csv").string());
    CHECK(listing(disk.path()).empty());
  }
  SECTION("commit places every file, layers included") {
    OutputTransaction t;
    t.create_directories(out);
    t.write_text(out / "equity.json", "{}\n");
    write_layer(many_points(3), out / "points.shp", {.transaction = &t});
    CHECK(listing(out).size() == 6);  // only temporaries so far
    for (const auto& name : listing(out)) CHECK(name.rfind(".tmp-", 0) == 0);
    t.commit();
    auto names = listing(out);
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"equity.json", "points.cpg", "points.dbf", "points.prj",
                                            "points.shp", "points.shx"});
  }
  SECTION("an existing directory is kept when the transaction fails") {
    fs::create_directories(out);
    test::write_file(out / "notes.txt", "mine");
    {
      OutputTransaction t;
      t.create_directories(out);
      t.write_text(out / "equity.json", "{}\n");
    }  // not committed
    CHECK(listing(out) == std::vector<std::string>{"notes.txt"});
  }
  SECTION("a file in the way of the directory is an Io error") {
    fs::create_directories(disk / "results");
    test::write_file(out, "x");
    OutputTransaction t;
    const Error e = error_of([&] { t.create_directories(out / "tables"); });
    CHECK(e.kind() == ErrorKind::Io);
    CHECK_THAT(e.what(), Catch::Contains("Not a directory") || Catch::Contains("is a file"));
  }
}
