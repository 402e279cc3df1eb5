//! `/admin/settings`: the publication's settings, for admins. Each setting says where its
//! value comes from (set here, the settings file, or the default); one set here can be given
//! back to the file. The server checks every value; this page only shows what it said.

use leptos::prelude::*;
use leptos_meta::Title;

mod fields;
mod image_upload;
mod navigation;

use super::admin_tabs::AdminTabs;
use fields::Fields;
use image_upload::ImageUpload;
use navigation::NavigationEditor;

use crate::{
    app::{
        forms::{Alert, ErrorMessage, FormError, Submission},
        session::{RequireUser, use_session},
    },
    i18n::{Locale, page_locale, role_name, td_string},
    model::{
        Action, CodeTheme, CommentPolicy, Registration, Role, SettingKey, SettingSource,
        SiteSettingsPage,
    },
    server_fns::{save_site_settings, site_settings},
};

#[component]
pub fn SiteSettingsPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, site_settings.title) />
        <div data-hydrate-now="">
            <SiteSettingsScreen />
        </div>
    }
}

#[island(lazy)]
fn SiteSettingsScreen() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let is_admin = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::ManageSite))
        })
    };
    view! {
        <RequireUser here="/admin/settings">
            <section class="admin site-settings" aria-labelledby="site-settings-heading">
                <AdminTabs current="/admin/settings" />
                <h1 id="site-settings-heading">{td_string!(locale, site_settings.title)}</h1>
                {move || if is_admin() {
                    view! { <LoadedSettings /> }.into_any()
                } else {
                    view! { <Alert message=td_string!(locale, site_settings.not_allowed) /> }.into_any()
                }}
            </section>
        </RequireUser>
    }
}

#[component]
fn LoadedSettings() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let page = LocalResource::new(site_settings);
    move || {
        page.get()
            .map(|result| match result {
                Ok(page) => view! { <SettingsForm page /> }.into_any(),
                Err(error) => {
                    session.check(&error);
                    view! { <ErrorMessage error /> }.into_any()
                }
            })
            .unwrap_or_else(|| {
                view! { <p>{td_string!(locale, site_settings.loading)}</p> }.into_any()
            })
    }
}

#[component]
fn SettingsForm(page: SiteSettingsPage) -> impl IntoView {
    let locale = page_locale();
    let fields = Fields::new(&page);
    let page = RwSignal::new(page);
    let saved = RwSignal::new(false);
    let save = Submission::new(save_site_settings, move |answer: SiteSettingsPage| {
        for key in SettingKey::ALL {
            fields.put(key, &answer.current);
        }
        page.set(answer);
        saved.set(true);
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        save.submit(fields.change());
    };
    let error = save.error;
    let pending = save.pending();
    let all_fields: &'static [&'static str] = &[
        "title",
        "description",
        "language",
        "accent",
        "navigation",
        "logo",
        "icon",
        "registration",
        "new_account_role",
        "posts_per_page",
        "code_theme",
        "custom_css",
        "comment_policy",
        "comment_link_limit",
        "comment_held_words",
    ];
    let setting = move |key: SettingKey, label: &'static str, control: AnyView| {
        view! { <Setting key label fields page error control /> }
    };
    view! {
        <p class="muted">{td_string!(locale, site_settings.intro)}</p>
        <form class="site-settings-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{td_string!(locale, site_settings.publication)}</legend>
                {setting(SettingKey::Title, td_string!(locale, site_settings.site_title),
                    view! { <input id="title" type="text" maxlength="100" bind:value=fields.title
                        on:input=move |_| fields.own(SettingKey::Title) /> }.into_any())}
                {setting(SettingKey::Description, td_string!(locale, site_settings.description),
                    view! { <textarea id="description" rows="2" maxlength="300" bind:value=fields.description
                        on:input=move |_| fields.own(SettingKey::Description)></textarea> }.into_any())}
                {setting(SettingKey::Language, td_string!(locale, site_settings.language),
                    view! { <select id="language" prop:value=move || fields.language.get()
                        on:change=move |event| { fields.language.set(event_target_value(&event)); fields.own(SettingKey::Language); }>
                        {<Locale as leptos_i18n::Locale>::get_all().iter().map(|&language| {
                            let tag = crate::i18n::tag(language);
                            view! { <option value=tag selected=move || fields.language.get() == tag>{td_string!(language, language_name)}</option> }
                        }).collect_view()}
                    </select> }.into_any())}
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, site_settings.look)}</legend>
                {setting(SettingKey::Accent, td_string!(locale, site_settings.accent),
                    view! { <span class="accent-input">
                        <input id="accent" type="text" placeholder="#2457c5" maxlength="7" bind:value=fields.accent
                            on:input=move |_| fields.own(SettingKey::Accent) />
                        <span class="swatch" aria-hidden="true"
                            style:background-color=move || fields.accent.get()></span>
                    </span> }.into_any())}
                {setting(SettingKey::Logo, td_string!(locale, site_settings.logo),
                    view! { <input id="logo" type="text" placeholder="/media/…" bind:value=fields.logo
                        on:input=move |_| fields.own(SettingKey::Logo) />
                        <ImageUpload key=SettingKey::Logo value=fields.logo fields /> }.into_any())}
                {setting(SettingKey::Icon, td_string!(locale, site_settings.icon),
                    view! { <input id="icon" type="text" placeholder="/media/…" bind:value=fields.icon
                        on:input=move |_| fields.own(SettingKey::Icon) />
                        <ImageUpload key=SettingKey::Icon value=fields.icon fields /> }.into_any())}
                {setting(SettingKey::CodeTheme, td_string!(locale, site_settings.code_theme),
                    view! { <select id="code_theme" prop:value=move || fields.code_theme.get()
                        on:change=move |event| { fields.code_theme.set(event_target_value(&event)); fields.own(SettingKey::CodeTheme); }>
                        {CodeTheme::ALL.into_iter().map(|theme| view! {
                            <option value=theme.name() selected=move || fields.code_theme.get() == theme.name()>{theme_name(locale, theme)}</option>
                        }).collect_view()}
                    </select> }.into_any())}
                {setting(SettingKey::CustomCss, td_string!(locale, site_settings.custom_css),
                    view! { <textarea id="custom_css" class="code" rows="6" spellcheck="false" bind:value=fields.custom_css
                        on:input=move |_| fields.own(SettingKey::CustomCss)></textarea> }.into_any())}
            </fieldset>
            <NavigationEditor fields page error />
            <fieldset>
                <legend>{td_string!(locale, site_settings.people)}</legend>
                {setting(SettingKey::Registration, td_string!(locale, site_settings.registration),
                    view! { <select id="registration" prop:value=move || fields.registration.get()
                        on:change=move |event| { fields.registration.set(event_target_value(&event)); fields.own(SettingKey::Registration); }>
                        {Registration::ALL.into_iter().map(|mode| view! {
                            <option value=mode.name() selected=move || fields.registration.get() == mode.name()>{registration_name(locale, mode)}</option>
                        }).collect_view()}
                    </select> }.into_any())}
                {setting(SettingKey::NewAccountRole, td_string!(locale, site_settings.new_account_role),
                    view! { <select id="new_account_role" prop:value=move || fields.new_account_role.get()
                        on:change=move |event| { fields.new_account_role.set(event_target_value(&event)); fields.own(SettingKey::NewAccountRole); }>
                        {[Role::Author, Role::Contributor].into_iter().map(|role| view! {
                            <option value=role.name() selected=move || fields.new_account_role.get() == role.name()>{role_name(locale, role)}</option>
                        }).collect_view()}
                    </select> }.into_any())}
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, site_settings.reading)}</legend>
                {setting(SettingKey::PostsPerPage, td_string!(locale, site_settings.posts_per_page),
                    view! { <input id="posts_per_page" type="number" min="1" max="100" inputmode="numeric"
                        bind:value=fields.posts_per_page on:input=move |_| fields.own(SettingKey::PostsPerPage) /> }.into_any())}
            </fieldset>
            <fieldset>
                <legend>{td_string!(locale, site_settings.comments)}</legend>
                {setting(SettingKey::CommentPolicy, td_string!(locale, site_settings.comment_policy),
                    view! { <select id="comment_policy" prop:value=move || fields.comment_policy.get()
                        on:change=move |event| { fields.comment_policy.set(event_target_value(&event)); fields.own(SettingKey::CommentPolicy); }>
                        {CommentPolicy::ALL.into_iter().map(|policy| view! {
                            <option value=policy.name() selected=move || fields.comment_policy.get() == policy.name()>{policy_name(locale, policy)}</option>
                        }).collect_view()}
                    </select> }.into_any())}
                {setting(SettingKey::CommentLinkLimit, td_string!(locale, site_settings.comment_link_limit),
                    view! { <input id="comment_link_limit" type="number" min="0" max="50" inputmode="numeric"
                        bind:value=fields.comment_link_limit on:input=move |_| fields.own(SettingKey::CommentLinkLimit) /> }.into_any())}
                {setting(SettingKey::CommentHeldWords, td_string!(locale, site_settings.comment_held_words),
                    view! { <textarea id="comment_held_words" rows="4" spellcheck="false" bind:value=fields.comment_held_words
                        aria-describedby="comment_held_words-hint"
                        on:input=move |_| fields.own(SettingKey::CommentHeldWords)></textarea>
                        <p class="hint" id="comment_held_words-hint">{td_string!(locale, site_settings.comment_held_words_hint)}</p> }.into_any())}
            </fieldset>
            <FormError error fields=all_fields />
            <button type="submit" disabled=move || pending.get()>{td_string!(locale, site_settings.save)}</button>
            <p role="status">{move || saved.get().then_some(td_string!(locale, site_settings.saved))}</p>
        </form>
    }
}

/// A setting's label, control, where its value comes from, and its error.
#[component]
fn Setting(
    key: SettingKey,
    label: &'static str,
    fields: Fields,
    page: RwSignal<SiteSettingsPage>,
    error: RwSignal<Option<crate::model::AppError>>,
    control: AnyView,
) -> impl IntoView {
    let name = key.name();
    let message = move || {
        error
            .get()
            .and_then(|error| error.for_field(name))
            .map(|message| crate::app::errors::with_label(label, &message, page_locale()))
    };
    view! {
        <div class="field setting">
            <label for=name>{label}</label>
            {control}
            <Source key fields page />
            <p class="field-error" id=format!("{name}-error") role="alert">{message}</p>
        </div>
    }
}

/// "Set here" with a way back to the file's value, or where the value comes from.
#[component]
fn Source(key: SettingKey, fields: Fields, page: RwSignal<SiteSettingsPage>) -> impl IntoView {
    let locale = page_locale();
    move || {
        if fields.from_file.with(|keys| keys.contains(&key)) {
            let text = match page.with(|page| page.source(key)) {
                SettingSource::Default => td_string!(locale, site_settings.from_default),
                _ => td_string!(locale, site_settings.from_file),
            };
            view! { <p class="hint setting-source">{text}</p> }.into_any()
        } else {
            view! {
                <p class="hint setting-source">
                    {td_string!(locale, site_settings.set_here)}" "
                    <button type="button" class="link-button"
                        on:click=move |_| fields.give_back(key, &page.with_untracked(|page| page.from_file.clone()))>
                        {td_string!(locale, site_settings.use_file)}
                    </button>
                </p>
            }
            .into_any()
        }
    }
}

fn registration_name(locale: Locale, mode: Registration) -> &'static str {
    match mode {
        Registration::Open => td_string!(locale, site_settings.registration_open),
        Registration::Invitation => td_string!(locale, site_settings.registration_invitation),
        Registration::Closed => td_string!(locale, site_settings.registration_closed),
    }
}

fn policy_name(locale: Locale, policy: CommentPolicy) -> &'static str {
    match policy {
        CommentPolicy::Open => td_string!(locale, site_settings.comments_open),
        CommentPolicy::FirstHeld => td_string!(locale, site_settings.comments_first_held),
        CommentPolicy::AllHeld => td_string!(locale, site_settings.comments_all_held),
        CommentPolicy::Closed => td_string!(locale, site_settings.comments_closed),
    }
}

fn theme_name(locale: Locale, theme: CodeTheme) -> &'static str {
    match theme {
        CodeTheme::Github => td_string!(locale, site_settings.theme_github),
        CodeTheme::Solarized => td_string!(locale, site_settings.theme_solarized),
        CodeTheme::Monochrome => td_string!(locale, site_settings.theme_monochrome),
    }
}
