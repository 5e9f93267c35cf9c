# Reference values for design-based tests, design effects and calibrated standard errors
# from R's survey package (4.1.1), on the seeded fixture of make_survey_fixture.py.
# Command (from the repository root):
#   python tests/reference/make_survey_fixture.py
#   Rscript tests/reference/survey_reference.R > tests/reference/survey_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/survey_fixture.csv", colClasses = c(wave = "character"))
d$phase <- factor(d$phase, levels = c("Primary", "Secondary", "Special"))
d$role <- factor(d$role, levels = c("Head", "DSL"))
m <- read.csv("tests/reference/survey_margins.csv")
out <- data.frame()
num <- function(x) sprintf("%.17g", x)
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = num(value)))
}
means <- function(case, des, by) {
  base <- subset(des, !is.na(not_confident))
  groups <- list(All = base)
  for (g in levels(d[[by]])) groups[[g]] <- base[base$variables[[by]] == g & !is.na(base$variables[[by]]), ]
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- svymean(~not_confident, s, deff = TRUE, na.rm = TRUE)
    put(case, g, "proportion", coef(e)[1]); put(case, g, "se", SE(e)[1]); put(case, g, "deff", deff(e)[1])
    put(case, g, "deff_replace", deff(svymean(~not_confident, s, deff = "replace", na.rm = TRUE))[1])
  }
}
tests <- function(case, des, by, pairs = TRUE) {
  base <- subset(des, !is.na(not_confident))
  f <- as.formula(paste("~", by, "+ not_confident"))
  rf <- svychisq(f, base, statistic = "F")
  put(case, by, "F", rf$statistic); put(case, by, "F_ndf", rf$parameter[1])
  put(case, by, "F_ddf", rf$parameter[2]); put(case, by, "F_p", rf$p.value)
  rc <- svychisq(f, base, statistic = "Chisq")
  put(case, by, "pearson", rc$statistic); put(case, by, "Chisq_df", rc$parameter[1]); put(case, by, "Chisq_p", rc$p.value)
  if (!pairs) return(invisible())  # svyby(covmat = TRUE) fails on a subset of a raked design in survey 4.1.1
  b <- svyby(~not_confident, as.formula(paste("~", by)), base, svymean, covmat = TRUE)
  lv <- levels(d[[by]])
  for (i in 1:(length(lv) - 1)) for (j in (i + 1):length(lv)) {
    w <- setNames(rep(0, length(lv)), lv); w[i] <- 1; w[j] <- -1
    ct <- svycontrast(b, w)
    put(case, paste(lv[i], lv[j], sep = "-"), "difference", coef(ct)[1])
    put(case, paste(lv[i], lv[j], sep = "-"), "difference_se", SE(ct)[1])
  }
}
margins <- list(~role, ~phase)
targets <- list(data.frame(role = factor(c("Head", "DSL"), levels = levels(d$role)), Freq = m$population[m$variable == "role"]),
                data.frame(phase = factor(c("Primary", "Secondary", "Special"), levels = levels(d$phase)),
                           Freq = m$population[m$variable == "phase"]))
tight <- list(maxit = 200, epsilon = 1e-13)
for (wave in c("2013", "2018")) {
  w <- d[d$wave == wave, ]
  full <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation, nest = TRUE, data = w)
  means(paste0("design_fpc_", wave), full, "phase")
}
w18 <- d[d$wave == "2018", ]
des <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = w18)
fpc <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation, nest = TRUE, data = w18)
plain <- svydesign(ids = ~1, weights = ~weight, data = w18)
means("design", des, "phase"); means("design", des, "role")
tests("design", des, "phase"); tests("design", des, "role")
tests("design_fpc", fpc, "phase")
tests("weights", plain, "phase")
raked <- rake(des, margins, targets, control = tight)
means("raked_design", raked, "phase"); means("raked_design", raked, "role")
tests("raked_design", raked, "phase", pairs = FALSE)
raked_plain <- rake(plain, margins, targets, control = tight)
means("raked_weights", raked_plain, "phase")
tests("raked_weights", raked_plain, "phase", pairs = FALSE)
raked_fpc <- rake(fpc, margins, targets, control = tight)
means("raked_design_fpc", raked_fpc, "phase")
post <- postStratify(des, ~phase, targets[[2]])
means("post_design", post, "phase"); means("post_design", post, "role")
tests("post_design", post, "phase", pairs = FALSE)
post_plain <- postStratify(plain, ~phase, targets[[2]])
means("post_weights", post_plain, "role")
put("raked_design", "weights", "sum", sum(weights(raked)))
put("raked_design", "weights", "max", max(weights(raked)))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
