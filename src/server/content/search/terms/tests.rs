use super::*;

fn terms_of(text: &str) -> Vec<String> {
    runs(text).iter().flat_map(run_terms).collect()
}

#[test]
fn words_are_lowercased_runs_of_letters_and_digits() {
    assert_eq!(
        terms_of("Rust's async, HTTP/2!"),
        ["rust", "s", "async", "http", "2"]
    );
}

#[test]
fn unspaced_runs_become_pairs_and_their_last_character() {
    assert_eq!(terms_of("搜索引擎"), ["搜索", "索引", "引擎", "擎"]);
    assert_eq!(
        terms_of("用Rust写博客"),
        ["用", "rust", "写博", "博客", "客"]
    );
    assert_eq!(terms_of("カタカナ"), ["カタ", "タカ", "カナ", "ナ"]);
}

#[test]
fn a_chinese_query_is_a_phrase_of_pairs() {
    let query = SearchQuery::parse("引擎 rust").unwrap();
    assert_eq!(query.fts5(), r#""引擎" AND "rust"*"#);
    assert_eq!(query.tsquery(), "('引擎') & ('rust':*)");
    let query = SearchQuery::parse("搜索引擎").unwrap();
    assert_eq!(query.fts5(), r#""搜索 索引 引擎""#);
    assert_eq!(query.tsquery(), "('搜索' <-> '索引' <-> '引擎')");
    assert_eq!(SearchQuery::parse("擎").unwrap().fts5(), r#""擎"*"#);
}

#[test]
fn queries_are_bounded_and_need_a_word() {
    assert_eq!(
        SearchQuery::parse(" -- !"),
        Err(QueryProblem::NothingToSearch)
    );
    assert_eq!(
        SearchQuery::parse(&"a ".repeat(13)),
        Err(QueryProblem::TooManyParts)
    );
    assert_eq!(
        SearchQuery::parse(&"a".repeat(201)),
        Err(QueryProblem::TooLong)
    );
}

#[test]
fn tsvector_groups_positions_by_term_with_field_weights() {
    let terms = DocumentTerms::of([
        (Field::Title, "Rust"),
        (Field::Tags, ""),
        (Field::Description, ""),
        (Field::Body, "rust it's"),
    ]);
    assert_eq!(terms.tsvector(), "'it':6D 'rust':1A,5D 's':7D");
    assert_eq!(terms.joined(Field::Body), "rust it s");
}

#[test]
fn terms_past_the_last_position_are_not_indexed() {
    let body = "word ".repeat(MAX_POSITION + 10);
    let terms = DocumentTerms::of([
        (Field::Title, ""),
        (Field::Tags, ""),
        (Field::Description, ""),
        (Field::Body, &body),
    ]);
    let (_, body_terms) = &terms.fields[3];
    assert_eq!(body_terms.last().unwrap().0, MAX_POSITION);
}
