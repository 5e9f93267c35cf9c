# Reference for a design-based test across groups that leaves a group under the reliability
# threshold out of its domain: svychisq on subset(design, role != "Governor"), the design keeping
# every respondent. R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian's r-cran-survey).
# Command (from the repository root):
#   python tests/reference/make_small_group_fixture.py
#   Rscript tests/reference/small_group_reference.R > tests/reference/small_group_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/small_group_fixture.csv")
des <- svydesign(ids = ~school, strata = ~region, weights = ~weight, nest = TRUE, data = d)
kept <- subset(des, role != "Governor")
f <- svychisq(~not_confident + role, kept, statistic = "F")
x <- svychisq(~not_confident + role, kept, statistic = "Chisq")
all <- svychisq(~not_confident + role, des, statistic = "F")
out <- data.frame(
  quantity = c("f", "ndf", "ddf", "p", "chisq", "chisq_p", "f_all_groups", "p_all_groups"),
  value = sprintf("%.17g", c(f$statistic, f$parameter[1], f$parameter[2], f$p.value,
                            x$statistic, x$p.value, all$statistic, all$p.value)))
write.csv(out, row.names = FALSE)
