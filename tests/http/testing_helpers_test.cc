// The shared test helpers (tests/testing) behave as their headers promise. They have no test
// binary of their own, so they are checked here, next to their main user.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "testing/process.h"
#include "testing/temp_dir.h"

namespace {

namespace fs = std::filesystem;

TEST(TempDirTest, CreatesAUniqueFolderAndRemovesItWithItsContents) {
  fs::path kept;
  {
    TempDir a, b;
    EXPECT_NE(a.path(), b.path());
    EXPECT_TRUE(fs::is_directory(a.path()));
    EXPECT_TRUE(fs::is_empty(a.path()));
    fs::create_directories(a.path() / "x" / "y");
    std::ofstream(a.path() / "x" / "y" / "f.txt") << "data";
    kept = a.path();
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(TempDirTest, MovingTransfersOwnership) {
  fs::path p;
  {
    TempDir a;
    p = a.path();
    TempDir b(std::move(a));
    EXPECT_EQ(b.path(), p);
    EXPECT_TRUE(a.path().empty());
  }
  EXPECT_FALSE(fs::exists(p));
}

TEST(RunProcessTest, CapturesStdoutStderrAndExitCodeSeparately) {
  auto r = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(RunProcessTest, PassesEnvironmentWorkingDirectoryAndStdin) {
  TempDir dir;
  auto r = run_process({"sh", "-c", "echo \"$VITRINE_TEST_VAR\"; pwd; cat"},
                       {{"VITRINE_TEST_VAR", "hello env"}}, dir.path().string(), "from stdin");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "hello env\n" + fs::canonical(dir.path()).string() + "\nfrom stdin");
  // The inherited environment is kept.
  auto path = run_process({"sh", "-c", "test -n \"$PATH\""});
  EXPECT_EQ(path.exit_code, 0);
}

TEST(RunProcessTest, LargeOutputOnBothStreamsDoesNotDeadlock) {
  // 1 MB on each stream, interleaved, plus 1 MB of stdin: more than any pipe buffer.
  std::string input(1 << 20, 'i');
  auto r = run_process({"sh", "-c",
                        "head -c 1048576 /dev/zero | tr '\\0' o & "
                        "head -c 1048576 /dev/zero | tr '\\0' e >&2 & "
                        "wc -c >/dev/null; wait"},
                       {}, "", input);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 1u << 20);
  EXPECT_EQ(r.err.size(), 1u << 20);
}

TEST(RunProcessTest, MissingProgramExits127WithAReason) {
  auto r = run_process({"/nonexistent/program-xyz"});
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("/nonexistent/program-xyz"), std::string::npos) << r.err;
}

TEST(RunProcessTest, SignalledProcessReports128PlusSignal) {
  auto r = run_process({"sh", "-c", "kill -9 $$"});
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
}

// A stand-in for the vitrine binary: prints the listening line, chatters on stderr and waits
// for a signal.
class FakeServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    script_ = dir_.path() / "fake-vitrine";
    std::ofstream(script_) << "#!/bin/sh\n"
                              "trap 'echo bye; exit 0' TERM\n"
                              "echo \"args: $*\"\n"
                              "echo \"starting\" >&2\n"
                              "echo \"vitrine listening on http://127.0.0.1:43210\"\n"
                              "while true; do sleep 0.05; done\n";
    fs::permissions(script_, fs::perms::owner_all);
    const char* old = std::getenv("VITRINE_BINARY");
    if (old) old_binary_ = old;
    had_binary_ = old != nullptr;
    setenv("VITRINE_BINARY", script_.c_str(), 1);
  }
  void TearDown() override {
    if (had_binary_)
      setenv("VITRINE_BINARY", old_binary_.c_str(), 1);
    else
      unsetenv("VITRINE_BINARY");
  }

  TempDir dir_;
  fs::path script_;
  std::string old_binary_;
  bool had_binary_ = false;
};

TEST_F(FakeServerTest, FindsThePortAndStopsGracefully) {
  ServerProcess server({"serve", "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.port(), 43210);
  EXPECT_EQ(server.url("/healthz"), "http://127.0.0.1:43210/healthz");
  EXPECT_GT(server.pid(), 0);
  EXPECT_TRUE(server.running());
  EXPECT_NE(server.output().find("args: serve --listen 127.0.0.1:0"), std::string::npos);
  EXPECT_TRUE(server.wait_for_output("starting", 10000));
  EXPECT_EQ(server.stop(), 0);
  EXPECT_FALSE(server.running());
  EXPECT_NE(server.output().find("bye"), std::string::npos) << server.output();
  EXPECT_EQ(server.stop(), 0) << "stop() again returns the same code";
}

TEST_F(FakeServerTest, Kill9EndsTheProcess) {
  ServerProcess server({"serve"});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.kill9(), 128 + SIGKILL);
  EXPECT_FALSE(server.running());
}

TEST_F(FakeServerTest, ProcessThatExitsEarlyIsATestFailureWithItsStderr) {
  std::ofstream(script_, std::ios::trunc) << "#!/bin/sh\necho 'config is broken' >&2\nexit 2\n";
  ::testing::TestPartResultArray failures;
  bool started = true;
  int exit_code = -1;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    ServerProcess server({"serve"});
    started = server.started();
    exit_code = server.wait(10000);
  }
  EXPECT_FALSE(started);
  EXPECT_EQ(exit_code, 2);
  ASSERT_EQ(failures.size(), 1);
  EXPECT_NE(std::string(failures.GetTestPartResult(0).message()).find("config is broken"),
            std::string::npos)
      << failures.GetTestPartResult(0).message();
}

}  // namespace
