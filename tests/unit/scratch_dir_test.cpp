// Search folders: removed on close, kept while their process lives, swept once it is gone.
#include "search/scratch_dir.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace kring::search {
namespace {

namespace fs = std::filesystem;

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kring-scratch-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
  }
  void TearDown() override { fs::remove_all(base_); }
  size_t folders(std::string_view prefix) const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(base_)) {
      if (e.path().filename().string().rfind(std::string(prefix) + "-", 0) == 0) ++n;
    }
    return n;
  }
  std::string base_;
};

TEST_F(ScratchDirTest, RemovedWhenClosed) {
  std::string path;
  {
    auto d = ScratchDir::create("idx", base_);
    ASSERT_TRUE(d.ok()) << d.error().message;
    path = d->path();
    EXPECT_TRUE(fs::is_directory(path));
    std::ofstream(path + "/data") << "x";
    ScratchDir moved = std::move(*d);
    EXPECT_TRUE(d->empty());
    EXPECT_EQ(moved.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(ScratchDirTest, SweepKeepsLiveFoldersAndOtherPrefixes) {
  auto mine = ScratchDir::create("idx", base_);
  ASSERT_TRUE(mine.ok());
  auto other = ScratchDir::create("other", base_);
  ASSERT_TRUE(other.ok());
  fs::create_directory(base_ + "/idx-nolock");  // not made by ScratchDir: left alone
  EXPECT_EQ(ScratchDir::sweep(base_, "idx"), 0u);
  EXPECT_TRUE(fs::is_directory(mine->path()));
  EXPECT_TRUE(fs::is_directory(other->path()));
  EXPECT_TRUE(fs::is_directory(base_ + "/idx-nolock"));
}

TEST_F(ScratchDirTest, FolderOfAKilledProcessIsSweptByTheNextOne) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto d = ScratchDir::create("idx", base_);
    std::ofstream(d->path() + "/data") << "left behind";
    std::_Exit(d.ok() ? 0 : 1);  // no destructors: as if killed
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(folders("idx"), 1u);  // the dead process's folder is still there

  auto next = ScratchDir::create("idx", base_);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(folders("idx"), 1u);  // only the new one
  EXPECT_TRUE(fs::is_directory(next->path()));
}

}  // namespace
}  // namespace kring::search
