// Typeahead's in-memory prefix indexes: member names by word in static-rank order, organisations by name and word.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/prefix_index.h"

namespace kring::search {
namespace {

std::vector<int64_t> prefixed(const NameIndex& index, std::string_view prefix, size_t n = 100) {
  std::vector<int64_t> out;
  index.prefixed(prefix, [&](const NameIndex::Entry& e) {
    out.push_back(e.id);
    return out.size() < n;
  });
  return out;
}

std::vector<int64_t> ids(const std::vector<NameIndex::Entry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries) out.push_back(e.id);
  return out;
}

TEST(WordViews, SplitsOnPunctuationAndKeepsNonAscii) {
  auto w = word_views("  anne-marie  o'neil \xc3\xa9mile ");
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[0], "anne");
  EXPECT_EQ(w[1], "marie");
  EXPECT_EQ(w[3], "neil");
  EXPECT_EQ(w[4], "\xc3\xa9mile");
  EXPECT_TRUE(word_views(" -- ").empty());
}

TEST(NameMatches, WholeWordsAndALastPrefix) {
  EXPECT_TRUE(name_matches("jan de vries", {"jan"}, "vr"));
  EXPECT_TRUE(name_matches("jan de vries", {"de", "jan"}, ""));
  EXPECT_FALSE(name_matches("jan de vries", {"ja"}, "vr"));  // earlier words are whole words
  EXPECT_FALSE(name_matches("jan de vries", {"jan"}, "vx"));
  EXPECT_TRUE(name_matches("jan de vries", {}, "d"));
  EXPECT_FALSE(name_matches("", {}, "a"));
}

TEST(NameIndex, PrefixMergesWordsByStaticRank) {
  NameIndex index;
  index.add(1, "jan jansen", 3);
  index.add(2, "janneke bos", 0);
  index.add(3, "jan bos", 0);
  index.add(4, "piet janssen", 6);
  // rank 0 first (2 and 3 by id), then 1 (rank 3: visited once per word "jan" and "jansen"), then 4.
  EXPECT_EQ(prefixed(index, "jan"), (std::vector<int64_t>{2, 3, 1, 1, 4}));
  EXPECT_EQ(prefixed(index, "jan", 2), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ids(index.exact("bos")), (std::vector<int64_t>{2, 3}));
  EXPECT_TRUE(index.exact("bo").empty());
  EXPECT_TRUE(prefixed(index, "x").empty());
  EXPECT_TRUE(prefixed(index, "").empty());
}

TEST(NameIndex, RemoveTakesEveryWordAndDropsEmptyLists) {
  NameIndex index;
  index.add(1, "jan jan jansen", 2);  // a repeated word is indexed once
  index.add(2, "jan bos", 1);
  EXPECT_EQ(ids(index.exact("jan")), (std::vector<int64_t>{2, 1}));
  index.remove(1, "jan jan jansen", 2);
  EXPECT_EQ(ids(index.exact("jan")), (std::vector<int64_t>{2}));
  EXPECT_TRUE(index.exact("jansen").empty());
  EXPECT_EQ(index.words(), 2u);  // "jan", "bos"
  // A changed rank is a remove with the old rank and an add with the new one.
  index.remove(2, "jan bos", 1);
  index.add(2, "jan bos", 5);
  EXPECT_EQ(index.exact("jan").at(0).rank, 5);
}

TEST(NameIndex, PrefixOfHighBytesHasNoUpperBound) {
  NameIndex index;
  index.add(1, "\xff\xff", 0);
  index.add(2, "\xff\xfe", 0);
  EXPECT_EQ(prefixed(index, "\xff"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(prefixed(index, "\xff\xff"), (std::vector<int64_t>{1}));
}

OrgIndex::Org org(std::string folded, std::string handle) {
  return OrgIndex::Org{folded, handle, folded, "", ""};
}

TEST(OrgIndex, TypeaheadNamePrefixBeforeLaterWord) {
  OrgIndex index;
  index.assign({org("bank of zeeland", "boz"), org("zeeland ventures", "zv"), org("zeeman", "zm"),
                org("ze", "ze")});
  auto t = index.typeahead("zee", 10);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].first, "zv");  // name starts with it, by name
  EXPECT_EQ(t[1].first, "zm");
  EXPECT_EQ(t[2].first, "boz");  // a later word
  EXPECT_EQ(index.typeahead("zee", 1).size(), 1u);
  EXPECT_TRUE(index.typeahead("", 5).empty());
}

TEST(OrgIndex, AddKeepsOrderAndIgnoresAKnownHandle) {
  OrgIndex index;
  index.assign({org("zeeman", "zm")});
  index.add(org("zeeland ventures", "zv"));
  index.add(org("another name", "zv"));  // same handle: ignored
  EXPECT_EQ(index.size(), 2u);
  auto t = index.typeahead("zee", 10);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].first, "zv");
  EXPECT_TRUE(index.typeahead("another", 5).empty());
}

TEST(OrgIndex, SearchNeedsEveryWordAndRanksExactThenPrefixThenRest) {
  OrgIndex index;
  index.assign({org("data bank", "a"), org("bank", "b"), org("bank of data", "c"), org("banking data", "d"),
                org("data", "e")});
  auto [page, total] = index.search({"bank", "data"}, "bank data", 0, 10);
  EXPECT_EQ(total, 3u);  // "bank" and "data" lack a word
  std::vector<std::string> handles;
  for (const auto* o : page) handles.push_back(o->handle);
  EXPECT_EQ(handles, (std::vector<std::string>{"c", "d", "a"}));  // none exact or prefix: by name
  auto [exact, n] = index.search({"bank"}, "bank", 0, 2);
  EXPECT_EQ(n, 4u);
  ASSERT_EQ(exact.size(), 2u);
  EXPECT_EQ(exact[0]->handle, "b");  // exact name
  EXPECT_EQ(exact[1]->handle, "c");  // then name prefix, by name ("bank of data" < "banking data")
  auto [all, every] = index.search({}, "", 1, 2);
  EXPECT_EQ(every, 5u);
  EXPECT_EQ(all.size(), 2u);
}

}  // namespace
}  // namespace kring::search
