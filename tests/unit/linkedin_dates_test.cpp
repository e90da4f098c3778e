// The LinkedIn export's small formats: dates in their many spellings (data-driven), language proficiency
// labels, profile URLs, and which header row makes which file.
#include <gtest/gtest.h>

#include "importers/linkedin_import.h"

namespace kring::importers {
namespace {

struct DateCase {
  const char* in;
  int year;   // 0: not a date
  int month;  // 0: no month
};

class LinkedInDateTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(LinkedInDateTest, Parses) {
  const DateCase& c = GetParam();
  auto d = parse_linkedin_date(c.in);
  if (c.year == 0) {
    EXPECT_FALSE(d.has_value()) << c.in << " -> " << d->year;
    return;
  }
  ASSERT_TRUE(d.has_value()) << c.in;
  EXPECT_EQ(d->year, c.year) << c.in;
  if (c.month == 0) {
    EXPECT_FALSE(d->month.has_value()) << c.in;
  } else {
    EXPECT_EQ(d->month, c.month) << c.in;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, LinkedInDateTest,
    ::testing::Values(
        // English abbreviations and names, any case
        DateCase{"Mar 2019", 2019, 3}, DateCase{"Jan 2015", 2015, 1}, DateCase{"dec 1999", 1999, 12},
        DateCase{"SEP 2020", 2020, 9}, DateCase{"Sept 2020", 2020, 9}, DateCase{"March 2019", 2019, 3},
        DateCase{"  Jun 2021  ", 2021, 6}, DateCase{"May 2010", 2010, 5},
        // Dutch, with and without a dot
        DateCase{"mrt 2019", 2019, 3}, DateCase{"okt 2020", 2020, 10}, DateCase{"mei 2018", 2018, 5},
        DateCase{"mrt. 2019", 2019, 3}, DateCase{"maart 2019", 2019, 3}, DateCase{"januari 2001", 2001, 1},
        DateCase{"augustus 2012", 2012, 8},
        // German and French
        DateCase{"Mär 2017", 2017, 3}, DateCase{"Dez 2016", 2016, 12}, DateCase{"févr. 2015", 2015, 2},
        DateCase{"août 2014", 2014, 8}, DateCase{"déc 2013", 2013, 12},
        // numbers
        DateCase{"2019", 2019, 0}, DateCase{"03/2019", 2019, 3}, DateCase{"3/2019", 2019, 3},
        DateCase{"2019-03", 2019, 3}, DateCase{"2019-03-15", 2019, 3}, DateCase{"15 Mar 2021", 2021, 3},
        DateCase{"02 Jan 2020", 2020, 1}, DateCase{"12/31/2019", 2019, 12},
        // not dates
        DateCase{"", 0, 0}, DateCase{"Present", 0, 0}, DateCase{"Marchember 2019", 0, 0},
        DateCase{"13/2019", 0, 0}, DateCase{"00/2019", 0, 0}, DateCase{"2019-13", 0, 0},
        DateCase{"1899", 0, 0}, DateCase{"2101", 0, 0}, DateCase{"19", 0, 0}, DateCase{"Mar", 0, 0},
        DateCase{"Mar 19", 0, 0}, DateCase{"2019 Mar", 0, 0}, DateCase{"ooit", 0, 0},
        DateCase{"20190", 0, 0}));

TEST(LinkedInFormats, ProficiencyLabelsMapToLevels) {
  EXPECT_EQ(map_proficiency("Native or bilingual proficiency"), "native");
  EXPECT_EQ(map_proficiency("Full professional proficiency"), "full_professional");
  EXPECT_EQ(map_proficiency("Professional working proficiency"), "professional_working");
  EXPECT_EQ(map_proficiency("Limited working proficiency"), "limited_working");
  EXPECT_EQ(map_proficiency("Elementary proficiency"), "elementary");
  EXPECT_EQ(map_proficiency("Moedertaal of tweetalig"), "native");
  EXPECT_EQ(map_proficiency("Volledige professionele vaardigheid"), "full_professional");
  EXPECT_EQ(map_proficiency("Professionele werkvaardigheid"), "professional_working");
  EXPECT_EQ(map_proficiency("Beperkte werkvaardigheid"), "limited_working");
  EXPECT_EQ(map_proficiency("Basisvaardigheid"), "elementary");
  EXPECT_EQ(map_proficiency("Fluent"), "full_professional");
  EXPECT_EQ(map_proficiency("native"), "native");
  EXPECT_EQ(map_proficiency(""), "");
  EXPECT_EQ(map_proficiency("Klingon"), "");
}

TEST(LinkedInFormats, ProfileUrlsNormalise) {
  EXPECT_EQ(normalize_linkedin_url("https://www.linkedin.com/in/Jan-de-Vries-1a2b3c/?trk=x"),
            "linkedin.com/in/jan-de-vries-1a2b3c");
  EXPECT_EQ(normalize_linkedin_url("http://nl.linkedin.com/in/jan"), "linkedin.com/in/jan");
  EXPECT_EQ(normalize_linkedin_url("linkedin.com/in/jan#about"), "linkedin.com/in/jan");
  EXPECT_EQ(normalize_linkedin_url("www.linkedin.com/in/jan"), "linkedin.com/in/jan");
  EXPECT_EQ(normalize_linkedin_url("https://www.linkedin.com/company/acme"), "");
  EXPECT_EQ(normalize_linkedin_url("https://evil-linkedin.com/in/jan"), "");
  EXPECT_EQ(normalize_linkedin_url("https://linkedin.com.evil.example/in/jan"), "");
  EXPECT_EQ(normalize_linkedin_url("https://www.linkedin.com/in/"), "");
  EXPECT_EQ(normalize_linkedin_url(""), "");
}

TEST(LinkedInFormats, HeadersClassifyFiles) {
  using V = std::vector<std::string>;
  EXPECT_EQ(classify_linkedin_header(V{"First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                                       "Headline", "Summary", "Industry", "Zip Code", "Geo Location"}),
            LinkedInFile::kProfile);
  EXPECT_EQ(classify_linkedin_header(
                V{"Company Name", "Title", "Description", "Location", "Started On", "Finished On"}),
            LinkedInFile::kPositions);
  EXPECT_EQ(classify_linkedin_header(
                V{"School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"}),
            LinkedInFile::kEducation);
  EXPECT_EQ(classify_linkedin_header(V{"Name"}), LinkedInFile::kSkills);
  EXPECT_EQ(classify_linkedin_header(V{" name "}), LinkedInFile::kSkills);
  EXPECT_EQ(classify_linkedin_header(V{"Name", "Proficiency"}), LinkedInFile::kLanguages);
  EXPECT_EQ(
      classify_linkedin_header(V{"Name", "Url", "Authority", "Started On", "Finished On", "License Number"}),
      LinkedInFile::kCertifications);
  EXPECT_EQ(classify_linkedin_header(
                V{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}),
            LinkedInFile::kConnections);
  EXPECT_EQ(classify_linkedin_header(V{"Notes:"}), LinkedInFile::kUnknown);
  EXPECT_EQ(classify_linkedin_header(V{"Name", "Followed On"}), LinkedInFile::kUnknown);
  EXPECT_EQ(classify_linkedin_header(V{"Registered At", "Registration Ip", "Subscription Types"}),
            LinkedInFile::kUnknown);
}

}  // namespace
}  // namespace kring::importers
